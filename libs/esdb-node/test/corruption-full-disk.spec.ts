import { binaryEvent, jsonEvent } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmbeddedNode } from '../src/node.js';
import { DatabaseIntegrityError } from '../src/storage/errors.js';
import { DATABASE_FILE } from '../src/storage/sqlite-event-log.js';
import { collect, startTestNode, tempDir } from './node-harness.test.js';

describe('corruption', () => {
  it('fails the read of a changed byte loudly, naming stream and revision; other reads go on', async () => {
    const dataDir = tempDir();
    const marker = `MARKER-${randomUUID()}`;
    const victim = `victim-${randomUUID()}`;
    const bystander = `bystander-${randomUUID()}`;
    let t = await startTestNode({ dataDir });
    await t.client.appendToStream(bystander, jsonEvent({ type: 'Fine', data: { ok: true } }));
    await t.client.appendToStream(victim, [
      jsonEvent({ type: 'Before', data: { n: 0 } }),
      binaryEvent({ type: 'Target', data: Buffer.from(marker) }),
    ]);
    await t.stop(false); // closing checkpoints the WAL into the database file

    const file = join(dataDir, DATABASE_FILE);
    const bytes = readFileSync(file);
    const at = bytes.indexOf(Buffer.from(marker));
    expect(at).toBeGreaterThan(0);
    bytes[at + 10] = bytes[at + 10]! ^ 0x01;
    writeFileSync(file, bytes);

    t = await startTestNode({ dataDir });
    try {
      const error = await collect(t.client.readStream(victim)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toContain(`stream "${victim}" revision 1`);
      expect((error as Error).message).toMatch(/checksum/);
      // Never the altered data: not through $all either.
      await expect(collect(t.client.readAll())).rejects.toThrow(/checksum/);
      // The rest still reads, and the node still takes appends.
      expect(await collect(t.client.readStream(bystander))).toHaveLength(1);
      await t.client.appendToStream(bystander, jsonEvent({ type: 'Fine', data: { ok: 2 } }));
      expect(await collect(t.client.readStream(victim, { maxCount: 1 }))).toHaveLength(1);
    } finally {
      await t.stop();
    }
  });

  it('reports a damaged page at start-up and does not start', async () => {
    const dataDir = tempDir();
    const t = await startTestNode({ dataDir });
    for (let i = 0; i < 10; i++) {
      await t.client.appendToStream(
        `bulk-${i}`,
        Array.from({ length: 100 }, (_, n) => jsonEvent({ type: 'Bulk', data: { n, pad: 'p'.repeat(300) } })),
      );
    }
    await t.stop(false);
    const file = join(dataDir, DATABASE_FILE);
    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    expect(bytes.length / pageSize).toBeGreaterThan(20);
    // Scribble over a b-tree page in the middle of the file.
    const page = Math.floor(bytes.length / pageSize / 2);
    bytes.fill(0xa5, page * pageSize, page * pageSize + 64);
    writeFileSync(file, bytes);

    const error = await startEmbeddedNode({ dataDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseIntegrityError);
    expect((error as Error).message).toContain('quick_check');
    expect((error as DatabaseIntegrityError).problems.length).toBeGreaterThan(0);
    rmSync(dataDir, { recursive: true, force: true });
  });
});

describe('full disk', () => {
  it('fails appends with a clear error, loses nothing acknowledged, and recovers once there is room', async () => {
    const dataDir = tempDir();
    // 4 KiB pages: room for a few hundred KiB of events.
    let t = await startTestNode({ dataDir, maxPageCount: 80 });
    const stream = `full-${randomUUID()}`;
    const acknowledged: string[] = [];
    let failure: unknown;
    for (let i = 0; i < 200 && failure === undefined; i++) {
      const id = randomUUID();
      try {
        await t.client.appendToStream(stream, binaryEvent({ id, type: 'Fill', data: Buffer.alloc(8 * 1024, i % 256) }));
        acknowledged.push(id);
      } catch (error) {
        failure = error;
      }
    }
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/full/i);
    expect(acknowledged.length).toBeGreaterThan(5);

    // The plain Append path says so too, and nothing half-written shows up.
    const plain = await t.client
      .appendToStream(stream, binaryEvent({ type: 'Fill', data: Buffer.alloc(8 * 1024) }), {
        credentials: { username: 'admin', password: 'changeit' },
      })
      .catch((e: unknown) => e);
    expect((plain as Error).message).toMatch(/full/i);

    // Reads go on.
    const read = await collect(t.client.readStream(stream));
    expect(read.map((e) => e.event!.id)).toEqual(acknowledged);

    // Room again: appends succeed, numbering continues.
    t.node.setMaxPageCount(100_000);
    const after = await t.client.appendToStream(stream, binaryEvent({ type: 'Fill', data: Buffer.alloc(8 * 1024) }));
    expect(after.nextExpectedRevision).toBe(BigInt(acknowledged.length));
    await t.stop(false);

    t = await startTestNode({ dataDir });
    try {
      const reread = await collect(t.client.readStream(stream));
      expect(reread.map((e) => e.event!.id).slice(0, acknowledged.length)).toEqual(acknowledged);
      expect(reread).toHaveLength(acknowledged.length + 1);
    } finally {
      await t.stop();
    }
  });
});
