import { Controller, Get, Headers, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_LIMIT } from '@ledger/projections';
import { Roles, TenantIdPipe } from '../../identity/index.js';
import { ApiLedgerPositionHeader, IndexFreshness } from '../read-your-writes/index-freshness.js';
import { LEDGER_POSITION_HEADER } from '../../ledger-writes/ledger-position.interceptor.js';
import { ApiProblems } from '../../ledger-writes/api-write.decorator.js';
import { invalidCursorProblem } from '../../paging/invalid-cursor.problem.js';
import { PageQueryDto } from '../../paging/page-query.dto.js';
import { CustomerTimeline, InvalidTimelineCursorError, type TimelinePage } from './customer-timeline.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit/customers/:tenantId/timeline')
export class TimelineController {
  constructor(
    private readonly timeline: CustomerTimeline,
    private readonly freshness: IndexFreshness,
  ) {}

  @Get()
  @Roles('auditor')
  @ApiOperation({ summary: 'Every event about a customer tenant, in order, with a sentence a person can read' })
  @ApiLedgerPositionHeader()
  @ApiProblems(400, 401, 403, 503)
  @ApiOkResponse({
    description:
      'A page of the timeline, oldest first. `recordedAt` is the time the event\'s chain hash covers (its `serverTime`), ' +
      'the time as-of views count by; `storedAt` is the store\'s own stamp, which no hash covers.',
    schema: {
      example: {
        items: [
          {
            position: '4096',
            recordedAt: '2026-03-01T10:00:00.000Z',
            storedAt: '2026-03-01T10:00:00.004Z',
            summary: 'admin@contoso.onmicrosoft.com, Global Administrator, accepted partner p1 (CSP_DIRECT) without DAP',
            type: 'ConsentAccepted',
            stream: 'relationship-p1_6f1b2c3d-0000-4000-8000-000000000001',
            revision: 0,
            eventId: '0b5e7c1e-3f0a-4a8e-9d59-2f1f6c6a0e11',
            actor: { sub: 'ga-1', tid: '6f1b2c3d-0000-4000-8000-000000000001', roles: [] },
            data: {},
            chainHash: '5f2b…',
          },
        ],
        nextCursor: null,
      },
    },
  })
  async list(
    @Param('tenantId', TenantIdPipe) tenantId: string,
    @Query() query: PageQueryDto,
    @Headers(LEDGER_POSITION_HEADER) position?: string,
  ): Promise<TimelinePage> {
    await this.freshness.awaitPosition(query.minPosition, position);
    try {
      return await this.timeline.page(tenantId, query.limit ?? DEFAULT_PAGE_LIMIT, query.cursor);
    } catch (error) {
      if (!(error instanceof InvalidTimelineCursorError)) throw error;
      throw invalidCursorProblem(error.message);
    }
  }
}
