import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReadModelDatabase, openReadModelReader, type ReadModelDatabase } from './read-model-database.js';
import { SqliteReadModelReader } from './sqlite-read-model-reader.js';
import { SqliteReadModelWriter } from './sqlite-read-model-writer.js';

describe('SqliteReadModelReader: documents cached until the writer commits a new version', () => {
  let dir: string;
  let db: ReadModelDatabase;
  let writer: SqliteReadModelWriter;
  let reader: SqliteReadModelReader;

  const write = (position: bigint, change: (store: SqliteReadModelWriter) => void): string[] => {
    writer.beginEvent();
    change(writer);
    writer.endEvent();
    return writer.commit(position, Number(position));
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'read-model-reader-'));
    db = openReadModelDatabase(join(dir, 'read-models.sqlite'));
    writer = new SqliteReadModelWriter(db);
    reader = new SqliteReadModelReader(openReadModelReader(join(dir, 'read-models.sqlite')));
  });
  afterEach(() => {
    reader.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the committed version after each commit it is told about, absent documents included', () => {
    expect(reader.get('partner', 'P1')).toBeUndefined();
    reader.forget(write(1n, (store) => store.put('partner', 'P1', { name: 'one' }, { partition: '', sort: 'P1' })));
    expect(reader.get('partner', 'P1')).toEqual({ name: 'one' });
    reader.forget(write(2n, (store) => store.put('partner', 'P1', { name: 'two' }, { partition: '', sort: 'P1' })));
    expect(reader.get('partner', 'P1')).toEqual({ name: 'two' });
    reader.forget(write(3n, (store) => store.delete('partner', 'P1')));
    expect(reader.get('partner', 'P1')).toBeUndefined();
  });

  it('hands out frozen documents: a query cannot change what the next one reads', () => {
    reader.forget(write(1n, (store) => store.put('partner', 'P1', { name: 'one', channels: ['A'] }, { partition: '', sort: 'P1' })));
    const partner = reader.get<{ name: string; channels: string[] }>('partner', 'P1')!;
    expect(Object.isFrozen(partner) && Object.isFrozen(partner.channels)).toBe(true);
  });

  it('a commit reports exactly the documents it changed', () => {
    const changed = write(1n, (store) => {
      store.put('partner', 'P1', { name: 'one' }, { partition: '', sort: 'P1' });
      store.put('partner', 'P2', { name: 'two' }, { partition: '', sort: 'P2' });
    });
    expect(changed).toHaveLength(2);
    expect(write(2n, (store) => store.delete('partner', 'P2'))).toHaveLength(1);
  });
});
