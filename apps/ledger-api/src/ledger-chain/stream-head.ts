import type { ExpectedRevision, RecordedEvent } from '@ledger/event-store';
import { splitChainLink, type HexDigest } from '@ledger/ledger-proofs';

/** The end of a stream as last read: where the next append must go and which chain hash it links to. */
export interface StreamHead {
  readonly stream: string;
  /** The expected revision of the next append: the last event's revision, or `no_stream`. */
  readonly revision: ExpectedRevision;
  /** The chain hash of the last event; null for an empty stream. */
  readonly chainHash: HexDigest | null;
  /** The `$all` position of the last event, if any. */
  readonly position: bigint | undefined;
}

/**
 * The head of `stream` from its events as read. Every event of our streams is chained; one that is not
 * was not written by this service, and appending after it would start a chain that cannot verify.
 */
export const headOf = (stream: string, events: readonly RecordedEvent[]): StreamHead => {
  const last = events.at(-1);
  if (last === undefined) return { stream, revision: 'no_stream', chainHash: null, position: undefined };
  const { link } = splitChainLink(last.metadata);
  if (link === undefined) {
    throw new Error(
      `stream ${stream} ends with event ${last.id} (revision ${last.revision}) that carries no hash-chain link; ` +
        'it was not written by this service, so nothing more can be chained after it',
    );
  }
  return { stream, revision: last.revision, chainHash: link.chainHash, position: last.position };
};
