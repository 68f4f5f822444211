import { BACKWARDS, END, UnknownError, jsonEvent } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { collect, startTestNode, type TestNode } from './node-harness.test.js';

/** The client picks plain Append over BatchAppend when a call carries its own credentials. */
const PLAIN = { credentials: { username: 'admin', password: 'changeit' } };
const EMPTY = 'The stream name is empty';

/**
 * '' is no stream in EventStoreDB (its messages refuse an empty stream id; BatchAppend answers INVALID_ARGUMENT
 * with a BadRequest), nor is '$$', the metadata stream '' would have (refused since KurrentDB#4799). The node
 * refuses both on every operation that names a stream, with INVALID_ARGUMENT, and stores nothing.
 */
describe('an empty stream name', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode();
  });
  afterAll(() => t.stop());

  const refused = async (operation: Promise<unknown>, message = EMPTY) => {
    const error = await operation.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnknownError);
    expect((error as Error).message).toContain(message);
  };

  it.each([
    ['BatchAppend', {}],
    ['plain Append', PLAIN],
  ])('is refused by %s, and nothing is stored', async (_name, via) => {
    await refused(t.client.appendToStream('', jsonEvent({ type: 'E', data: {} }), via));
    await refused(t.client.appendToStream('$$', jsonEvent({ type: '$metadata', data: {} }), via), "'$$'");
    const all = await collect(t.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 50 }));
    expect(all.filter((e) => e.event!.streamId === '' || e.event!.streamId === '$$')).toEqual([]);
  });

  it('is refused by reads, forwards and backwards', async () => {
    await refused(collect(t.client.readStream('')));
    await refused(collect(t.client.readStream('', { direction: BACKWARDS, fromRevision: END })));
    await refused(collect(t.client.readStream('$$')), "'$$'");
  });

  it('is refused by delete and tombstone', async () => {
    await refused(t.client.deleteStream(''));
    await refused(t.client.tombstoneStream(''));
    await refused(t.client.tombstoneStream('$$'), "'$$'");
  });

  it('is refused by stream metadata, set and get', async () => {
    await refused(t.client.setStreamMetadata('', { maxCount: 1 }), "'$$'");
    await refused(t.client.setStreamMetadata('', { maxCount: 1 }, PLAIN), "'$$'");
    await refused(t.client.getStreamMetadata(''), "'$$'");
  });

  it('is refused by a stream subscription', async () => {
    await refused(collect(t.client.subscribeToStream('')));
    await refused(collect(t.client.subscribeToStream('$$')), "'$$'");
  });

  it('leaves other names alone', async () => {
    const s = `named-${randomUUID()}`;
    await t.client.appendToStream(s, jsonEvent({ type: 'E', data: {} }));
    await t.client.setStreamMetadata(s, { maxCount: 5 });
    expect((await t.client.getStreamMetadata(s)).metadata).toMatchObject({ maxCount: 5 });
    expect(await collect(t.client.readStream(s))).toHaveLength(1);
  });
});
