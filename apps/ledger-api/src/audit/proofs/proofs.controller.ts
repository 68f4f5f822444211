import { Controller, Get, Headers, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { consistencyProof, inclusionProof, type ConsistencyProof, type InclusionProof } from '@ledger/ledger-proofs';
import { Roles } from '../../identity/index.js';
import { ProblemException } from '../../problem-details/problem.exception.js';
import { problemType } from '../../problem-details/problem-details.js';
import { LedgerIndex } from '../ledger-index/ledger-index.js';
import { ApiLedgerPositionHeader, IndexFreshness } from '../read-your-writes/index-freshness.js';
import { LEDGER_POSITION_HEADER } from '../../ledger-writes/ledger-position.interceptor.js';
import { ApiProblems } from '../../ledger-writes/api-write.decorator.js';
import { ConsistencyProofQuery, InclusionProofQuery } from './proofs.query.js';

/** An inclusion proof with what a verifier needs beside it: the leaf hash it starts from. */
export interface InclusionProofAnswer extends InclusionProof {
  eventId: string;
  /** SHA-256(0x00 || chainHash), the leaf hash the path starts from. */
  leafHash: string;
  /** The root the path leads to (compare it with a signed checkpoint of the same tree size). */
  rootHash: string;
}

export interface ConsistencyProofAnswer extends ConsistencyProof {
  rootHash1: string;
  rootHash2: string;
}

const tooLarge = (treeSize: number, indexed: number): ProblemException =>
  new ProblemException({
    status: 400,
    type: problemType('tree-size-beyond-ledger'),
    detail: `tree size ${treeSize} is larger than the ${indexed} leaves indexed; take the tree size from a signed checkpoint`,
  });

/** RFC 9162 §2.1.3 / §2.1.4 proofs over the leaves of the audit index. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit/proofs')
export class ProofsController {
  constructor(
    private readonly index: LedgerIndex,
    private readonly freshness: IndexFreshness,
  ) {}

  @Get('inclusion')
  @Roles('auditor')
  @ApiOkResponse({
    description: 'PATH(m, D[n]): leaf-to-root sibling hashes',
    schema: {
      example: { eventId: '0b5e…', leafIndex: 17, treeSize: 1000, leafHash: '…', rootHash: '…', inclusionPath: ['…'] },
    },
  })
  @ApiNotFoundResponse({ description: 'No leaf event with that id (yet)' })
  @ApiBadRequestResponse({ description: 'The tree size is beyond the ledger, or does not hold the event' })
  @ApiLedgerPositionHeader()
  @ApiProblems(401, 403, 503)
  async inclusion(
    @Query() query: InclusionProofQuery,
    @Headers(LEDGER_POSITION_HEADER) position?: string,
  ): Promise<InclusionProofAnswer> {
    await this.freshness.awaitPosition(query.minPosition, position);
    const leaf = this.index.leafOfEvent(query.eventId);
    if (!leaf) {
      throw new ProblemException({
        status: 404,
        type: problemType('leaf-not-found'),
        detail: `no Merkle leaf for event ${query.eventId}: it does not exist, is a checkpoint, or is not indexed yet`,
      });
    }
    if (query.treeSize > this.index.leafCount) throw tooLarge(query.treeSize, this.index.leafCount);
    if (leaf.leafIndex >= query.treeSize) {
      throw new ProblemException({
        status: 400,
        type: problemType('leaf-outside-tree'),
        detail: `event ${query.eventId} is leaf ${leaf.leafIndex}, outside a tree of ${query.treeSize}; ask for a larger tree size`,
      });
    }
    const proof = inclusionProof(leaf.leafIndex, query.treeSize, this.index.leafHashes());
    return {
      eventId: query.eventId,
      ...proof,
      leafHash: leaf.leafHash.toString('hex'),
      rootHash: this.index.rootAt(query.treeSize),
    };
  }

  @Get('consistency')
  @Roles('auditor')
  @ApiOkResponse({
    description: 'PROOF(m, D[n]): the tree of `from` leaves is a prefix of the tree of `to` leaves',
    schema: { example: { treeSize1: 1000, treeSize2: 2000, rootHash1: '…', rootHash2: '…', consistencyPath: ['…'] } },
  })
  @ApiBadRequestResponse({ description: '`from` larger than `to`, or `to` beyond the ledger' })
  @ApiLedgerPositionHeader()
  @ApiProblems(401, 403, 503)
  async consistency(
    @Query() query: ConsistencyProofQuery,
    @Headers(LEDGER_POSITION_HEADER) position?: string,
  ): Promise<ConsistencyProofAnswer> {
    await this.freshness.awaitPosition(query.minPosition, position);
    if (query.from > query.to) {
      throw new ProblemException({
        status: 400,
        type: problemType('tree-sizes-reversed'),
        detail: `from (${query.from}) is larger than to (${query.to}); a tree only grows, so swap them`,
      });
    }
    if (query.to > this.index.leafCount) throw tooLarge(query.to, this.index.leafCount);
    return {
      ...consistencyProof(query.from, query.to, this.index.leafHashes()),
      rootHash1: this.index.rootAt(query.from),
      rootHash2: this.index.rootAt(query.to),
    };
  }
}
