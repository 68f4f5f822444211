import { createHash } from 'node:crypto';
import { chainHash } from './chain-hash.js';
import { CHAIN_METADATA_KEY, linkEvent, splitChainLink, withChainLink } from './chain-link.js';
import { verifyChain, type RecordedEvent } from './chain-verifier.js';
import { eventContentHash } from './event-content-hash.js';
import { recomputeLink, recomputeLinkInto } from './recompute-link.js';

// Appends events the way the service does: each link computed from its stream's previous chain hash.
const record = (specs: Array<{ streamId: string; type: string; data: unknown }>): RecordedEvent[] => {
  const heads = new Map<string, { revision: number; chainHash: string }>();
  return specs.map((spec, n) => {
    const head = heads.get(spec.streamId);
    const revision = head ? head.revision + 1 : 0;
    const eventId = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const metadataWithoutChain = { correlationId: `c-${n}` };
    const link = linkEvent({ ...spec, revision, eventId, metadataWithoutChain }, head?.chainHash ?? null);
    heads.set(spec.streamId, { revision, chainHash: link.chainHash });
    return { ...spec, revision, eventId, metadata: withChainLink(metadataWithoutChain, link) };
  });
};

const ledger = (): RecordedEvent[] =>
  record([
    { streamId: 'relationship-a', type: 'ConsentRequested', data: { partnerId: 'p1' } },
    { streamId: 'relationship-b', type: 'ConsentRequested', data: { partnerId: 'p2' } },
    { streamId: 'relationship-a', type: 'ConsentAccepted', data: { by: 'admin@a.onmicrosoft.com' } },
    { streamId: 'relationship-a', type: 'DapRemoved', data: {} },
    { streamId: 'relationship-b', type: 'ConsentAccepted', data: { by: 'admin@b.onmicrosoft.com' } },
    { streamId: 'relationship-a', type: 'ConsentRequested', data: { partnerId: 'p1', again: true } },
  ]);

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

describe('event content hash and chain hash', () => {
  it('hash exactly the documented bytes', () => {
    const content = {
      streamId: 's',
      revision: 3n,
      eventId: 'ABCDEF00-0000-4000-8000-000000000000',
      type: 'T',
      data: { b: 1, a: 'x' },
      metadataWithoutChain: { z: true },
    };
    const expected = sha256(
      '{"data":{"a":"x","b":1},"eventId":"abcdef00-0000-4000-8000-000000000000",' +
        '"metadata":{"z":true},"revision":3,"streamId":"s","type":"T"}',
    );
    expect(eventContentHash(content)).toBe(expected);
    expect(chainHash(null, expected)).toBe(sha256(Buffer.concat([Buffer.alloc(32), Buffer.from(expected, 'hex')])));
    const previous = sha256('previous');
    expect(chainHash(previous, expected)).toBe(
      sha256(Buffer.concat([Buffer.from(previous, 'hex'), Buffer.from(expected, 'hex')])),
    );
  });

  it('counts absent metadata as {} and refuses a malformed digest or revision', () => {
    const content = { streamId: 's', revision: 0, eventId: 'e', type: 'T', data: null };
    expect(eventContentHash(content)).toBe(eventContentHash({ ...content, metadataWithoutChain: {} }));
    expect(() => chainHash('ABC', sha256('x'))).toThrow(/previousChainHash must be a SHA-256 digest/);
    expect(() => eventContentHash({ ...content, revision: -1 })).toThrow(/non-negative safe integer/);
  });

  it('stores the link beside the rest of the metadata and splits it back', () => {
    const [event] = ledger();
    const { link, metadataWithoutChain } = splitChainLink(event!.metadata);
    expect(metadataWithoutChain).toEqual({ correlationId: 'c-0' });
    expect(link).toEqual(event!.metadata![CHAIN_METADATA_KEY]);
    expect(link!.previousChainHash).toBeNull();
  });
});

describe('verifyChain', () => {
  it('accepts an untouched ledger, interleaved streams included', () => {
    expect(verifyChain(ledger())).toEqual({ ok: true, eventsChecked: 6, streams: 2 });
  });

  it('names an edited event (one byte of its data changed)', () => {
    const events = ledger();
    events[2] = { ...events[2]!, data: { by: 'admin@a.onmicrosoft.con' } };
    const verdict = verifyChain(events);
    expect(verdict).toMatchObject({ ok: false, fault: { kind: 'edited', index: 2, revision: 1 } });
    expect(!verdict.ok && verdict.fault.message).toMatch(/stream relationship-a, revision 1\) was edited/);
  });

  it('names an edited event whose metadata changed', () => {
    const events = ledger();
    events[1] = { ...events[1]!, metadata: { ...events[1]!.metadata, correlationId: 'forged' } };
    expect(verifyChain(events)).toMatchObject({ ok: false, fault: { kind: 'edited', index: 1 } });
  });

  it('names the event after one that was edited and re-hashed', () => {
    const events = ledger();
    const forged = { ...events[2]!, data: { by: 'mallory@a.onmicrosoft.com' } };
    const { link, metadataWithoutChain } = splitChainLink(forged.metadata);
    const relinked = linkEvent({ ...forged, metadataWithoutChain }, link!.previousChainHash);
    events[2] = { ...forged, metadata: withChainLink(metadataWithoutChain, relinked) };
    expect(verifyChain(events)).toMatchObject({ ok: false, fault: { kind: 'broken-link', index: 3, revision: 2 } });
  });

  it('names a removed event', () => {
    const events = ledger();
    events.splice(2, 1);
    const verdict = verifyChain(events);
    expect(verdict).toMatchObject({ ok: false, fault: { kind: 'removed', index: 2, revision: 2 } });
    expect(!verdict.ok && verdict.fault.message).toMatch(/revision 1 of stream relationship-a is missing/);
  });

  it('names a removed first event of a stream', () => {
    const events = ledger();
    events.splice(1, 1);
    expect(verifyChain(events)).toMatchObject({ ok: false, fault: { kind: 'removed', streamId: 'relationship-b' } });
  });

  it('names two swapped events of one stream', () => {
    const events = ledger();
    [events[2], events[3]] = [events[3]!, events[2]!];
    const verdict = verifyChain(events);
    expect(verdict).toMatchObject({ ok: false, fault: { kind: 'reordered', index: 2, revision: 2 } });
    expect(!verdict.ok && verdict.fault.message).toMatch(/comes before revision 1/);
  });

  it('names a swap that kept the revision numbers in place (the contents moved)', () => {
    const events = ledger();
    const [second, third] = [events[2]!, events[3]!];
    events[2] = { ...third, revision: second.revision };
    events[3] = { ...second, revision: third.revision };
    expect(verifyChain(events)).toMatchObject({ ok: false, fault: { kind: 'edited', index: 2 } });
  });

  it('names a duplicated event and a rewritten link', () => {
    const events = ledger();
    expect(verifyChain([...events.slice(0, 3), events[2]!])).toMatchObject({
      ok: false,
      fault: { kind: 'duplicated', index: 3 },
    });
    const { link, metadataWithoutChain } = splitChainLink(events[0]!.metadata);
    events[0] = { ...events[0]!, metadata: withChainLink(metadataWithoutChain, { ...link!, chainHash: sha256('x') }) };
    expect(verifyChain(events)).toMatchObject({ ok: false, fault: { kind: 'link-altered', index: 0 } });
  });

  it('names an event without a chain link', () => {
    const events = ledger();
    events[4] = { ...events[4]!, metadata: { correlationId: 'c-4' } };
    expect(verifyChain(events)).toMatchObject({ ok: false, fault: { kind: 'unchained', index: 4 } });
  });

  it.each<[string, (event: RecordedEvent) => unknown]>([
    ['a revision that is not a number', (event) => ({ ...event, revision: 'one' })],
    ['a stream id that is not a string', (event) => ({ ...event, streamId: 7 })],
    ['metadata that is not an object', (event) => ({ ...event, metadata: 'chain' })],
    ['data with a lone surrogate', (event) => ({ ...event, data: JSON.parse('{"by":"\\ud800"}') })],
  ])('names a malformed event instead of throwing: %s', (_label, spoil) => {
    const events = ledger();
    events[3] = spoil(events[3]!) as RecordedEvent;
    expect(verifyChain(events)).toMatchObject({ ok: false, fault: { kind: 'malformed', index: 3 } });
  });

  it('keeps a gap as the first fault when a malformed event follows it', () => {
    const events = ledger();
    events.splice(2, 1);
    events[3] = { ...events[3]!, revision: 'x' as never };
    expect(verifyChain(events)).toMatchObject({ ok: false, fault: { kind: 'removed', index: 2 } });
  });

  it('accepts streams starting midway only when told so', () => {
    const tail = ledger().slice(3);
    expect(verifyChain(tail)).toMatchObject({ ok: false, fault: { kind: 'removed', index: 0 } });
    expect(verifyChain(tail, { streamsMayStartMidway: true })).toEqual({ ok: true, eventsChecked: 3, streams: 2 });
  });
});

describe('recomputeLinkInto', () => {
  const asEvent = (event: RecordedEvent) => ({ ...event, metadata: event.metadata });

  it('writes the previous and chain digests recomputeLink finds, as bytes', () => {
    const events = ledger();
    const out = Buffer.alloc(80);
    expect(recomputeLinkInto(asEvent(events[0]!), 0, out, 8, 40)).toBe('first');
    expect(out.subarray(40, 72)).toEqual(recomputeLink(asEvent(events[0]!), 0, undefined)!.chainDigest);
    expect(recomputeLinkInto(asEvent(events[2]!), 1, out, 8, 40)).toBe('linked');
    const expected = recomputeLink(asEvent(events[2]!), 1, undefined)!;
    expect(out.subarray(8, 40).toString('hex')).toBe(expected.link.previousChainHash);
    expect(out.subarray(40, 72)).toEqual(expected.chainDigest);
  });

  it('refuses what recomputeLink refuses: an edit, a previous chain hash in upper case or not hex', () => {
    const events = ledger();
    const out = Buffer.alloc(80);
    const withPrevious = (previous: unknown): RecordedEvent => {
      const { link, metadataWithoutChain } = splitChainLink(events[2]!.metadata);
      return { ...events[2]!, metadata: { ...metadataWithoutChain, [CHAIN_METADATA_KEY]: { ...link!, previousChainHash: previous } } };
    };
    const previous = splitChainLink(events[2]!.metadata).link!.previousChainHash!;
    expect(recomputeLinkInto({ ...events[2]!, data: { by: 'x' } }, 1, out, 8, 40)).toBeUndefined();
    expect(recomputeLinkInto(withPrevious(previous.toUpperCase()), 1, out, 8, 40)).toBeUndefined();
    expect(recomputeLinkInto(withPrevious(`${previous.slice(0, 62)}zz`), 1, out, 8, 40)).toBeUndefined();
    expect(recomputeLinkInto(withPrevious(previous.slice(2)), 1, out, 8, 40)).toBeUndefined();
    expect(recomputeLink(withPrevious(previous.toUpperCase()), 1, undefined)).toBeUndefined();
  });
});

