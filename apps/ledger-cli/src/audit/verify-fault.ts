import type { ChainFaultKind } from '@ledger/ledger-proofs';

/** What the offline verifier found wrong, at the first line at fault. */
export interface VerifyFault {
  /** 1-based line of the export (0 for the trusted checkpoint file or the end of the export). */
  line: number;
  /** What kind of fault: a chain fault kind, or one of the checkpoint and Merkle kinds below. */
  kind:
    | ChainFaultKind
    | 'malformed-line'
    | 'out-of-order'
    | 'leaf-index-mismatch'
    | 'forged-checkpoint'
    | 'checkpoint-rollback'
    | 'checkpoint-beyond-events'
    | 'checkpoint-inconsistent'
    | 'checkpoint-position-mismatch'
    | 'trusted-checkpoint-invalid'
    | 'trusted-checkpoint-inconsistent'
    | 'export-truncated';
  /** The event at fault (id), when the fault is an event. */
  eventId?: string;
  /** The tree size of the checkpoint at fault, when the fault is a checkpoint. */
  checkpointTreeSize?: number;
  message: string;
}
