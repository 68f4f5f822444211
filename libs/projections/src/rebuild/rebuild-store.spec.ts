import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { finishRebuildDatabase, openRebuildDatabase } from '../sqlite/read-model-database.js';
import { InMemoryReadModels } from '../store/in-memory-read-models.js';
import { RebuildStore } from './rebuild-store.js';

interface Doc {
  readonly n: number;
  readonly text: string;
}

/** A small deterministic generator (the same operations on every run). */
const random = (seed: number) => () => {
  seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
  return seed / 2 ** 32;
};

const COLLECTIONS = ['relationship', 'customer-list', 'partner'];

describe('RebuildStore: the folds see what an in-memory store would show, and the file ends with one row per document', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rebuild-store-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([1, 7, 300])('random puts, gets, deletes and key listings with a cache of %i documents', async (cacheDocuments) => {
    const path = join(dir, `store-${cacheDocuments}.sqlite`);
    const db = openRebuildDatabase(path);
    db.exec('BEGIN');
    const store = new RebuildStore(db, cacheDocuments);
    const expected = new InMemoryReadModels();
    const next = random(cacheDocuments);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
    const keys = Array.from({ length: 3_000 }, (_, n) => `P${n % 13}_${n.toString(16).padStart(8, '0')}`);
    const partitions = Array.from({ length: 13 }, (_, n) => `P${n}`);
    let kept: Doc | undefined;
    let keptAt: [string, string] | undefined;
    for (let op = 0; op < 40_000; op += 1) {
      const collection = pick(COLLECTIONS);
      // Mostly recent keys (a window moving through the key space), some old ones: documents leave and come back.
      const key = next() < 0.8 ? keys[Math.floor(op / 15 + next() * 40) % keys.length]! : pick(keys);
      const roll = next();
      if (roll < 0.45) {
        const doc: Doc = { n: op, text: `${key} at ${op}` };
        const partition = next() < 0.9 ? key.slice(0, key.indexOf('_')) : pick(partitions);
        store.put(collection, key, doc, { partition, sort: key });
        expected.put(collection, key, doc, { partition, sort: key });
        kept = doc;
        keptAt = [collection, key];
      } else if (roll < 0.85) {
        expect(store.get(collection, key)).toEqual(expected.get(collection, key));
      } else if (roll < 0.97) {
        store.delete(collection, key);
        expected.delete(collection, key);
      } else {
        const partition = pick(partitions);
        expect(store.keysIn(collection, partition)).toEqual(expected.keysIn(collection, partition));
      }
      // The document just put, read back at once, is the object that was put.
      if (keptAt !== undefined && roll < 0.45) expect(store.get(keptAt[0], keptAt[1])).toBe(kept);
    }
    for (const partition of partitions) {
      for (const collection of COLLECTIONS) expect(store.keysIn(collection, partition)).toEqual(expected.keysIn(collection, partition));
    }
    store.finish();
    db.exec('COMMIT');
    // Builds the unique key index: it fails if a document has two rows.
    await finishRebuildDatabase(db);

    const file = new Database(path, { readonly: true });
    try {
      const rows = file.prepare('SELECT collection, key, partition, sort, body FROM documents ORDER BY collection, key').all() as {
        collection: string;
        key: string;
        partition: string;
        sort: string;
        body: string;
      }[];
      const wanted = COLLECTIONS.flatMap((collection) =>
        partitions.flatMap((partition) =>
          expected.keysIn(collection, partition).map((key) => ({ collection, key, partition, sort: key, body: JSON.stringify(expected.get(collection, key)) })),
        ),
      ).sort((a, b) => (a.collection < b.collection ? -1 : a.collection > b.collection ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      expect(rows.length).toBeGreaterThan(1_000);
      expect(rows).toEqual(wanted);
      expect(file.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents' ORDER BY name").pluck().all()).toEqual([
        'documents_by_key',
        'documents_in_order',
      ]);
    } finally {
      file.close();
    }
  }, 60_000);
});
