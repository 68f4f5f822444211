import { DIGEST_BYTES, type HexDigest } from '../digest.js';
import { chainHash } from './chain-hash.js';
import { splitChainLink, type ChainLink } from './chain-link.js';
import { eventContentHash, revisionNumber } from './event-content-hash.js';
import { recomputeLink, type RecomputedLink } from './recompute-link.js';

/** An event as recorded (and exported): its metadata still carries its chain link. */
export interface RecordedEvent {
  streamId: string;
  revision: number | bigint;
  eventId: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown> | null | undefined;
}

export type ChainFaultKind =
  /** The event itself cannot be read: a field of the wrong type, a revision that is not a number, data not I-JSON. */
  | 'malformed'
  /** The metadata carries no well-formed chain link. */
  | 'unchained'
  /** The recomputed content hash differs from the recorded one: data, type, id or metadata changed after append. */
  | 'edited'
  /** The recorded chain hash is not the hash of the recorded link: the link itself was rewritten. */
  | 'link-altered'
  /** The event does not point at the chain hash of the previous event of its stream (which was replaced). */
  | 'broken-link'
  /** A revision of the stream never appears. */
  | 'removed'
  /** An event appears before an earlier revision of its stream. */
  | 'reordered'
  /** The same revision of a stream appears twice. */
  | 'duplicated';

export interface ChainFault {
  kind: ChainFaultKind;
  /** 0-based position of the event at fault in the sequence checked (a line number in an export, less one). */
  index: number;
  streamId: string;
  revision: number;
  eventId: string;
  /** A sentence naming the event and what is wrong, for people. */
  message: string;
}

export type ChainVerdict =
  | { ok: true; eventsChecked: number; streams: number }
  | { ok: false; eventsChecked: number; fault: ChainFault };

export interface ChainVerifierOptions {
  /**
   * Accept streams whose first event seen is not revision 0 (an export made `?fromPosition=` or of part of the
   * ledger): that event's `previousChainHash` is trusted as given. Off by default: a full export starts every stream
   * at revision 0 and a missing head is a removal.
   */
  streamsMayStartMidway?: boolean;
}

interface StreamHead {
  revision: number;
  /** The chain digest of the stream's last event: a copy of its own (32 bytes), overwritten as the stream grows. */
  chainDigest: Uint8Array;
  /** `chainDigest` as hex, when known without encoding it (the careful path compares hex links). */
  chainHash: HexDigest | undefined;
}

// A revision jump is a removal unless the missing revision turns up later, which makes it a reordering; which one
// is only known further on, so the fault waits here until then (or until `finish`).
interface PendingGap {
  index: number;
  streamId: string;
  missingRevision: number;
  event: { revision: number; eventId: string };
  previousRevision: number | null;
}

/**
 * Checks per-stream hash chains over events fed one at a time in recorded order (streams may interleave, as in
 * `$all`), in memory proportional to the number of streams, not events. Names the first event at fault.
 *
 * What the chain cannot see on its own: the removal of the last events of a stream, and a reordering of events of
 * different streams. The Merkle tree over the `$all` order and the signed checkpoints catch both.
 */
export class ChainVerifier {
  private readonly heads = new Map<string, StreamHead>();
  private checked = 0;
  private fault: ChainFault | undefined;
  private pendingGap: PendingGap | undefined;

  constructor(private readonly options: ChainVerifierOptions = {}) {}

  get eventsChecked(): number {
    return this.checked;
  }

  /** Checks the next event. Returns false once the verdict is settled; feeding more events then changes nothing. */
  check(event: RecordedEvent): boolean {
    if (this.fault) return false;
    const index = this.checked++;
    const malformed = malformation(event);
    // While a gap is pending, it is the first fault: later events matter only if they fill it.
    if (malformed && this.pendingGap) return true;
    if (malformed) {
      this.fault = {
        index,
        streamId: String(event?.streamId),
        revision: Number(event?.revision),
        eventId: String(event?.eventId),
        kind: 'malformed',
        message: `event at index ${index} is malformed: ${malformed}`,
      };
      return false;
    }
    const revision = Number(event.revision);
    if (this.pendingGap) {
      this.resolvePendingGap(event, revision);
      return this.fault === undefined;
    }
    const fault = this.faultOf(event, revision, index);
    if (fault) this.fault = fault;
    return this.fault === undefined;
  }

  /**
   * Checks the next event when its link was already recomputed and found equal to the recorded one
   * (`recomputeLink`, possibly on another thread): only its place in its stream is left to check. Same verdicts as
   * `check`; events whose link did not recompute go through `check`, which names what is wrong.
   */
  checkRecomputed(event: { streamId: string; revision: number; eventId: string }, recomputed: RecomputedLink): boolean {
    if (this.fault) return false;
    const index = this.checked++;
    const { streamId, revision, eventId } = event;
    if (this.pendingGap) {
      this.resolvePendingGap({ streamId, eventId }, revision);
      return this.fault === undefined;
    }
    const name = (): string => `event ${eventId} (stream ${streamId}, revision ${revision})`;
    const at = { index, streamId, revision, eventId };
    const fault = this.sequenceFault(event, revision, recomputed.link, recomputed.chainDigest, at, name);
    if (fault) this.fault = fault;
    return this.fault === undefined;
  }

  /**
   * `checkRecomputed` for a verifier that carries digests as bytes (the offline verifier's worker threads): the
   * event's previous chain digest at `digests[previousAt..+32]` (`previousAt` -1 when its link says it has no
   * predecessor) and its own at `digests[chainAt..+32]`, both recomputed and found equal to the recorded link.
   * No hex, no allocation per event; `eventId` is asked for only to name a fault.
   */
  checkDigests(
    streamId: string,
    revision: number,
    digests: Uint8Array,
    previousAt: number,
    chainAt: number,
    eventId: () => string,
  ): boolean {
    if (this.fault) return false;
    const index = this.checked++;
    if (this.pendingGap) {
      this.resolvePendingGap({ streamId, eventId: '' }, revision, eventId);
      return this.fault === undefined;
    }
    const head = this.heads.get(streamId);
    const expectedRevision = head ? head.revision + 1 : 0;
    if (revision === expectedRevision && head !== undefined && previousAt >= 0 && sameDigest(digests, previousAt, head.chainDigest, 0)) {
      // The common case: the next event of a known stream, linked to its head.
      head.revision = revision;
      head.chainDigest.set(digests.subarray(chainAt, chainAt + DIGEST_BYTES));
      head.chainHash = undefined;
      return true;
    }
    if (revision === 0 && head === undefined && previousAt < 0) {
      // The first event of a stream.
      this.heads.set(streamId, { revision, chainDigest: new Uint8Array(digests.subarray(chainAt, chainAt + DIGEST_BYTES)), chainHash: undefined });
      return true;
    }
    const id = eventId();
    const name = (): string => `event ${id} (stream ${streamId}, revision ${revision})`;
    const at = { index, streamId, revision, eventId: id };
    const previous = previousAt < 0 ? null : Buffer.from(digests.buffer, digests.byteOffset + previousAt, DIGEST_BYTES);
    const chainDigest = Buffer.from(digests.buffer, digests.byteOffset + chainAt, DIGEST_BYTES);
    const fault = this.sequenceFault({ streamId, eventId: id }, revision, { previous }, chainDigest, at, name);
    if (fault) this.fault = fault;
    return this.fault === undefined;
  }

  /** The verdict once every event has been fed. */
  finish(): ChainVerdict {
    if (this.pendingGap && !this.fault) this.fault = removalFault(this.pendingGap);
    return this.fault
      ? { ok: false, eventsChecked: this.checked, fault: this.fault }
      : { ok: true, eventsChecked: this.checked, streams: this.heads.size };
  }

  private faultOf(event: RecordedEvent, revision: number, index: number): ChainFault | undefined {
    const at = { index, streamId: event.streamId, revision, eventId: event.eventId };
    // Built only for a fault: on the hot path every allocation per event counts.
    const name = (): string => `event ${event.eventId} (stream ${event.streamId}, revision ${revision})`;
    const recomputed = recomputeLink(event, revision, this.hexHead(event.streamId));
    if (recomputed) return this.sequenceFault(event, revision, recomputed.link, recomputed.chainDigest, at, name);
    // Something differs: the careful path names it.
    const { link, metadataWithoutChain } = splitChainLink(event.metadata);
    if (!link) {
      return { ...at, kind: 'unchained', message: `${name()} has no well-formed chain link in its metadata` };
    }
    let contentHash: HexDigest;
    try {
      contentHash = eventContentHash({
        streamId: event.streamId,
        revision,
        eventId: event.eventId,
        type: event.type,
        data: event.data,
        metadataWithoutChain,
      });
    } catch (error) {
      return { ...at, kind: 'malformed', message: `${name()} cannot be hashed: ${(error as Error).message}` };
    }
    if (contentHash !== link.contentHash) {
      return {
        ...at,
        kind: 'edited',
        message: `${name()} was edited: its content hashes to ${contentHash}, not the recorded ${link.contentHash}`,
      };
    }
    if (chainHash(link.previousChainHash, link.contentHash) !== link.chainHash) {
      return { ...at, kind: 'link-altered', message: `${name()} has a chain hash that does not match its own link` };
    }
    return this.sequenceFault(event, revision, link, Buffer.from(link.chainHash, 'hex'), at, name);
  }

  /** The stream's head as the careful path compares it (hex), encoded once per head at most. */
  private hexHead(streamId: string): { chainHash: string; chainDigest: Buffer } | undefined {
    const head = this.heads.get(streamId);
    if (!head) return undefined;
    const digest = Buffer.from(head.chainDigest.buffer, head.chainDigest.byteOffset, DIGEST_BYTES);
    head.chainHash ??= digest.toString('hex');
    return { chainHash: head.chainHash, chainDigest: digest };
  }

  private sequenceFault(
    event: Pick<RecordedEvent, 'streamId' | 'eventId'>,
    revision: number,
    link: Pick<ChainLink, 'previousChainHash' | 'chainHash'> | { previous: Uint8Array | null },
    chainDigest: Uint8Array,
    at: Omit<ChainFault, 'kind' | 'message'>,
    name: () => string,
  ): ChainFault | undefined {
    const head = this.heads.get(event.streamId);
    const expectedRevision = head ? head.revision + 1 : 0;
    const startsMidway = !head && revision > 0 && this.options.streamsMayStartMidway === true;
    if (revision < expectedRevision) {
      const kind = head && revision === head.revision && sameDigest(chainDigest, 0, head.chainDigest, 0) ? 'duplicated' : 'reordered';
      return {
        ...at,
        kind,
        message:
          kind === 'duplicated'
            ? `${name()} appears twice`
            : `${name()} comes after revision ${head?.revision} of its stream: events were reordered`,
      };
    }
    if (revision > expectedRevision && !startsMidway) {
      this.pendingGap = {
        index: at.index,
        streamId: event.streamId,
        missingRevision: expectedRevision,
        event: { revision, eventId: event.eventId },
        previousRevision: head ? head.revision : null,
      };
    } else if (!startsMidway && !linksTo(link, head)) {
      return {
        ...at,
        kind: 'broken-link',
        message: head
          ? `${name()} does not follow revision ${head.revision} of its stream: that event was replaced or rewritten`
          : `${name()} is the first of its stream yet points at a previous event`,
      };
    }
    const chainHash = 'chainHash' in link ? link.chainHash : undefined;
    if (head) {
      head.revision = revision;
      head.chainDigest.set(chainDigest.subarray(0, DIGEST_BYTES));
      head.chainHash = chainHash;
    } else {
      this.heads.set(event.streamId, { revision, chainDigest: new Uint8Array(chainDigest.subarray(0, DIGEST_BYTES)), chainHash });
    }
    return undefined;
  }

  private resolvePendingGap(event: Pick<RecordedEvent, 'streamId' | 'eventId'>, revision: number, eventId?: () => string): void {
    const gap = this.pendingGap!;
    if (event.streamId !== gap.streamId || revision > gap.missingRevision) return;
    if (eventId) event = { streamId: event.streamId, eventId: eventId() };
    this.fault = {
      index: gap.index,
      streamId: gap.streamId,
      revision: gap.event.revision,
      eventId: gap.event.eventId,
      kind: 'reordered',
      message:
        `event ${gap.event.eventId} (stream ${gap.streamId}, revision ${gap.event.revision}) comes before ` +
        `revision ${revision} (event ${event.eventId}): events were reordered`,
    };
  }
}

const sameDigest = (a: Uint8Array, aAt: number, b: Uint8Array, bAt: number): boolean => {
  for (let i = 0; i < DIGEST_BYTES; i++) if (a[aAt + i] !== b[bAt + i]) return false;
  return true;
};

/** Whether an event's link names `head` as its predecessor (no head: a link to nothing). */
const linksTo = (link: Pick<ChainLink, 'previousChainHash'> | { previous: Uint8Array | null }, head: StreamHead | undefined): boolean => {
  if ('previous' in link) return head ? link.previous !== null && sameDigest(link.previous, 0, head.chainDigest, 0) : link.previous === null;
  if (!head) return link.previousChainHash === null;
  if (link.previousChainHash === null) return false;
  if (head.chainHash !== undefined) return link.previousChainHash === head.chainHash;
  return link.previousChainHash === Buffer.from(head.chainDigest.buffer, head.chainDigest.byteOffset, DIGEST_BYTES).toString('hex');
};

// Exports are read from files an attacker may have written: a malformed event is a fault to report, not a crash.
const malformation = (event: RecordedEvent): string | undefined => {
  if (typeof event !== 'object' || event === null) return 'not an object';
  for (const field of ['streamId', 'eventId', 'type'] as const) {
    if (typeof event[field] !== 'string') return `${field} is not a string`;
  }
  const { metadata } = event;
  if (metadata !== null && metadata !== undefined && (typeof metadata !== 'object' || Array.isArray(metadata))) {
    return 'metadata is not a JSON object';
  }
  try {
    revisionNumber(event.revision);
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
};

const removalFault = (gap: PendingGap): ChainFault => ({
  index: gap.index,
  streamId: gap.streamId,
  revision: gap.event.revision,
  eventId: gap.event.eventId,
  kind: 'removed',
  message:
    `revision ${gap.missingRevision} of stream ${gap.streamId} is missing: event ${gap.event.eventId} ` +
    `(revision ${gap.event.revision}) follows ` +
    (gap.previousRevision === null ? 'nothing' : `revision ${gap.previousRevision}`),
});

/** Checks every chain in `events` (in recorded order) and names the first event at fault. */
export const verifyChain = (events: Iterable<RecordedEvent>, options?: ChainVerifierOptions): ChainVerdict => {
  const verifier = new ChainVerifier(options);
  for (const event of events) {
    if (!verifier.check(event)) break;
  }
  return verifier.finish();
};
