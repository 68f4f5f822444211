import { Injectable } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { LEDGER_POSITION_HEADER } from '../../ledger-writes/ledger-position.interceptor.js';
import { ProblemException } from '../../problem-details/problem.exception.js';
import { problemType } from '../../problem-details/problem-details.js';
import { LedgerIndexer } from '../ledger-index/ledger-indexer.js';

const WAIT_MS = 5_000;
const RETRY_AFTER_SECONDS = 1;
const POSITION = /^(0|[1-9][0-9]{0,19})$/;

/** Holds an audit read until the index has caught up with the position the client wrote at (header or query). */
@Injectable()
export class IndexFreshness {
  constructor(private readonly indexer: LedgerIndexer) {}

  async awaitPosition(query: string | undefined, header: string | undefined): Promise<void> {
    const wanted = query ?? header;
    if (wanted === undefined) return;
    if (!POSITION.test(wanted)) {
      throw new ProblemException({
        status: 400,
        type: problemType('invalid-ledger-position'),
        detail: `Ledger-Position must be a decimal $all position, got ${JSON.stringify(wanted)}`,
      });
    }
    if (await this.indexer.reached(BigInt(wanted), WAIT_MS)) return;
    throw new ProblemException({
      status: 503,
      type: problemType('read-model-behind'),
      detail: `The audit index has not reached position ${wanted} yet; retry shortly.`,
      headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
    });
  }
}

/**
 * Documents the `Ledger-Position` header an index-backed audit read takes (with `@Headers(LEDGER_POSITION_HEADER)`):
 * optional, as on every read; without this the header the handler reads would be documented as required.
 */
export const ApiLedgerPositionHeader = (): MethodDecorator =>
  ApiHeader({
    name: LEDGER_POSITION_HEADER,
    required: false,
    description: "Answer only once the audit index includes this $all position (a write's Ledger-Position); same as ?minPosition=.",
  });
