// What the audit export and the offline verifier agree on: the checkpoint stream, the Merkle leaf rule, the line.
export { CHECKPOINT_STREAM, LEDGER_CHECKPOINTED, NOTARY_ELECTED } from './checkpoint-stream.js';
export { merkleLeafOf, type LeafCandidate } from './merkle-leaf.js';
export { toExportLine, type AuditExportLine } from './export-line.js';
export { signedCheckpointOf } from './signed-checkpoint-of.js';
export { provenTime } from './proven-time.js';
