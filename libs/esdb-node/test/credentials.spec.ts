import { AccessDeniedError, jsonEvent } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { collect, startTestNode, type TestNode } from './node-harness.test.js';

const tls = {
  certFile: fileURLToPath(new URL('./fixtures/node.crt', import.meta.url)),
  keyFile: fileURLToPath(new URL('./fixtures/node.key', import.meta.url)),
};
const event = () => jsonEvent({ type: 'E', data: {} });

describe('credentials over TLS', () => {
  let t: TestNode;
  let port: number;
  const connect = (userInfo: string) =>
    t.newClient(`esdb://${userInfo}127.0.0.1:${port}?tls=true&tlsCAFile=${tls.certFile}`);

  beforeAll(async () => {
    t = await startTestNode({ tls, credentials: { username: 'ops', password: 's3cret' } });
    port = t.node.port;
  });
  afterAll(() => t.stop());

  it('gives a TLS connection string that works with the configured user', async () => {
    expect(t.node.connectionString).toMatch(/^esdb:\/\/ops:s3cret@127\.0\.0\.1:\d+\?tls=true&tlsCAFile=/);
    const s = `tls-${randomUUID()}`;
    await t.client.appendToStream(s, event());
    expect(await collect(t.client.readStream(s))).toHaveLength(1);
  });

  it('refuses a wrong password with the client access-denied error, on every operation', async () => {
    const client = connect('ops:wrong@');
    const s = `denied-${randomUUID()}`;
    await expect(client.appendToStream(s, event())).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(
      client.appendToStream(s, event(), { credentials: { username: 'ops', password: 'nope' } }),
    ).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(collect(client.readStream(s))).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(collect(client.readAll())).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(client.deleteStream(s)).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(client.tombstoneStream(s)).rejects.toBeInstanceOf(AccessDeniedError);
    // Nothing was written.
    await expect(collect(t.client.readStream(s))).rejects.toMatchObject({ type: 'stream-not-found' });
  });

  it('refuses the default admin user when another one is configured, and anonymous calls', async () => {
    await expect(connect('admin:changeit@').appendToStream(`x-${randomUUID()}`, event())).rejects.toBeInstanceOf(
      AccessDeniedError,
    );
    await expect(collect(connect('').readAll())).rejects.toBeInstanceOf(AccessDeniedError);
  });

  it('lets a right per-call credential through on a client without default credentials', async () => {
    const client = connect('');
    const s = `percall-${randomUUID()}`;
    await client.appendToStream(s, event(), { credentials: { username: 'ops', password: 's3cret' } });
    expect(await collect(client.readStream(s, { credentials: { username: 'ops', password: 's3cret' } }))).toHaveLength(1);
  });
});

describe('plaintext on loopback', () => {
  it('listens on 127.0.0.1 with tls=false and the default admin user', async () => {
    const t = await startTestNode();
    try {
      expect(t.node.connectionString).toBe(`esdb://admin:changeit@127.0.0.1:${t.node.port}?tls=false`);
      const s = `plain-${randomUUID()}`;
      await t.client.appendToStream(s, event());
      expect(await collect(t.client.readStream(s))).toHaveLength(1);
    } finally {
      await t.stop();
    }
  });
});
