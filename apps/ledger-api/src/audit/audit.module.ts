import { Module } from '@nestjs/common';
import { NotaryModule } from '../notary/notary.module.js';
import { AsOfController } from './as-of/as-of.controller.js';
import { ReadModelsAsOf } from './as-of/read-models-as-of.js';
import { CheckpointsController } from './checkpoints/checkpoints.controller.js';
import { AuditEventsController } from './export/audit-events.controller.js';
import { LedgerIndexModule } from './ledger-index/ledger-index.module.js';
import { ProofsController } from './proofs/proofs.controller.js';
import { PublicKeyController } from './public-key/public-key.controller.js';
import { IndexFreshness } from './read-your-writes/index-freshness.js';
import { ConsentFactsReader } from './receipts/consent-facts-reader.js';
import { ConsentReceipts } from './receipts/consent-receipts.js';
import { ReceiptsController } from './receipts/receipts.controller.js';
import { RelationshipReceiptsController } from './receipts/relationship-receipts.controller.js';
import { CustomerTimeline } from './timeline/customer-timeline.js';
import { TimelineController } from './timeline/timeline.controller.js';

/**
 * Audit (issue 13): the ledger replayed as NDJSON, the notary's signed checkpoints and its public key, RFC 9162
 * proofs, customer timelines, authorisations as of any instant, and signed consent receipts.
 */
@Module({
  imports: [LedgerIndexModule, NotaryModule],
  controllers: [
    AuditEventsController,
    PublicKeyController,
    CheckpointsController,
    ProofsController,
    TimelineController,
    AsOfController,
    ReceiptsController,
    RelationshipReceiptsController,
  ],
  providers: [IndexFreshness, ReadModelsAsOf, CustomerTimeline, ConsentFactsReader, ConsentReceipts],
})
export class AuditModule {}
