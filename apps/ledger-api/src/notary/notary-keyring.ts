import { toJwks, type Jwks, type LedgerSigningKey } from '@ledger/ledger-proofs';

/** The key the notary signs checkpoints and consent receipts with, and its public JWKS. */
export class NotaryKeyring {
  constructor(readonly current: LedgerSigningKey) {}

  jwks(): Jwks {
    return toJwks(this.current);
  }
}
