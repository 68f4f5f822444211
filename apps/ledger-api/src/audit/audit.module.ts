import { Module } from '@nestjs/common';
import { NotaryModule } from '../notary/notary.module.js';
import { CheckpointsController } from './checkpoints/checkpoints.controller.js';
import { AuditEventsController } from './export/audit-events.controller.js';
import { LedgerIndexModule } from './ledger-index/ledger-index.module.js';
import { ProofsController } from './proofs/proofs.controller.js';
import { PublicKeyController } from './public-key/public-key.controller.js';
import { IndexFreshness } from './read-your-writes/index-freshness.js';

/**
 * Audit (issue 13): the ledger replayed as NDJSON, the notary's signed checkpoints and its public key, RFC 9162
 * proofs, customer timelines, authorisations as of any instant, and signed consent receipts.
 */
@Module({
  imports: [LedgerIndexModule, NotaryModule],
  controllers: [AuditEventsController, PublicKeyController, CheckpointsController, ProofsController],
  providers: [IndexFreshness],
})
export class AuditModule {}
