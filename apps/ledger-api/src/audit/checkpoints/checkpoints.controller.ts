import { Controller, Get, Headers, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { SignedCheckpoint } from '@ledger/ledger-proofs';
import { Roles } from '../../identity/index.js';
import { ProblemException } from '../../problem-details/problem.exception.js';
import { problemType } from '../../problem-details/problem-details.js';
import { LedgerIndex } from '../ledger-index/ledger-index.js';
import { ApiLedgerPositionHeader, IndexFreshness } from '../read-your-writes/index-freshness.js';
import { LEDGER_POSITION_HEADER } from '../../ledger-writes/ledger-position.interceptor.js';
import { ApiProblems } from '../../ledger-writes/api-write.decorator.js';
import { ReadQueryDto } from '../../paging/page-query.dto.js';

export const CHECKPOINT_EXAMPLE: SignedCheckpoint = {
  treeSize: 1000,
  rootHash: '5f2b…64 hex',
  lastPosition: { commit: '40960', prepare: '40960' },
  time: '2025-03-01T12:00:00.000Z',
  kid: 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k',
  signature: 'base64url Ed25519 signature (86 characters)',
};

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit/checkpoints')
export class CheckpointsController {
  constructor(
    private readonly index: LedgerIndex,
    private readonly freshness: IndexFreshness,
  ) {}

  @Get('latest')
  @Roles('auditor')
  @ApiOkResponse({ description: 'The latest signed checkpoint', schema: { example: CHECKPOINT_EXAMPLE } })
  @ApiNotFoundResponse({ description: 'The notary has not made a checkpoint yet' })
  @ApiLedgerPositionHeader()
  @ApiProblems(400, 401, 403, 503)
  async latest(@Query() query: ReadQueryDto, @Headers(LEDGER_POSITION_HEADER) position?: string): Promise<SignedCheckpoint> {
    await this.freshness.awaitPosition(query.minPosition, position);
    const latest = this.index.latestCheckpoint();
    if (!latest) {
      throw new ProblemException({
        status: 404,
        type: problemType('no-checkpoint-yet'),
        detail: 'The notary has not signed a checkpoint yet; it does within seconds of the first events.',
      });
    }
    return latest;
  }
}
