import { Readable } from 'node:stream';
import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { EventStore } from '@ledger/event-store';
import { Roles } from '../../identity/index.js';
import { ApiProblems } from '../../ledger-writes/api-write.decorator.js';
import { LedgerIndex } from '../ledger-index/ledger-index.js';
import { AuditEventsQuery } from './audit-events.query.js';
import { auditExportLines } from './audit-export.js';

const LINE_EXAMPLE =
  '{"stream":"relationship-p1_6f1b…","revision":0,"position":"4096","id":"…","type":"ConsentAccepted",' +
  '"data":{…},"metadata":{…,"ledgerChain":{…}},"recordedAt":"2025-03-01T12:00:00.000Z",' +
  '"hashes":{"contentHash":"…","previousChainHash":null,"chainHash":"…","leafIndex":17}}';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit/events')
export class AuditEventsController {
  constructor(
    private readonly eventStore: EventStore,
    private readonly index: LedgerIndex,
  ) {}

  @Get()
  @Roles('auditor')
  @ApiOkResponse({
    description: 'The ledger as NDJSON, one event per line, in $all order',
    content: { 'application/x-ndjson': { schema: { type: 'string' }, example: `${LINE_EXAMPLE}\n` } },
  })
  @ApiProblems(400, 401, 403, 503)
  async events(@Query() query: AuditEventsQuery): Promise<StreamableFile> {
    const lines = auditExportLines(this.eventStore, {
      ...(query.fromPosition === undefined ? {} : { fromPosition: BigInt(query.fromPosition) }),
      ...(query.stream === undefined ? {} : { stream: query.stream }),
      leafIndexOf: (eventId) => this.index.leafOfEvent(eventId)?.leafIndex,
    });
    // The first read happens before the status line, so an unreachable store is a 503 problem, not a cut stream.
    const first = await lines.next();
    async function* all(): AsyncGenerator<string> {
      if (!first.done) yield first.value;
      yield* lines;
    }
    return new StreamableFile(Readable.from(all(), { objectMode: false, highWaterMark: 64 * 1024 }), {
      type: 'application/x-ndjson; charset=utf-8',
    });
  }
}
