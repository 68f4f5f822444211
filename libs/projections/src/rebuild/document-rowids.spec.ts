import { DocumentRowids, slotHash } from './document-rowids.js';

/** Two relationship keys with the same 32-bit slot hash (found by a search over 110,980 keys of this shape). */
const COLLIDING: [string, string] = ['P634_6766aa27-0000-4000-8000-000000000000', 'P313_defbd73a-0000-4000-8000-000000000000'];

describe('DocumentRowids: a document found by key, its row checked by the caller', () => {
  it('finds each document of many (through growth of the table), and none for a document never added', () => {
    const rowids = new DocumentRowids(4);
    const rows = new Map<number, string>();
    const isRow = (key: string) => (rowid: number) => rows.get(rowid) === key;
    for (let n = 1; n <= 50_000; n += 1) {
      rowids.add('c', `key-${n}`, n);
      rows.set(n, `key-${n}`);
    }
    const found = Array.from({ length: 50_000 }, (_, i) => rowids.find('c', `key-${i + 1}`, isRow(`key-${i + 1}`)));
    expect(found).toEqual(Array.from({ length: 50_000 }, (_, i) => i + 1));
    expect(rowids.find('c', 'key-0', isRow('key-0'))).toBe(0);
    expect(rowids.find('other', 'key-1', () => false)).toBe(0);
  });

  it('removed documents are not found, those added after them are (slots reused, chains kept)', () => {
    const rowids = new DocumentRowids(4);
    const rows = new Map<number, string>();
    const isRow = (key: string) => (rowid: number) => rows.get(rowid) === key;
    for (let round = 0; round < 20; round += 1) {
      for (let n = 0; n < 1_000; n += 1) {
        const rowid = round * 1_000 + n + 1;
        rowids.add('c', `key-${rowid}`, rowid);
        rows.set(rowid, `key-${rowid}`);
      }
      // Remove all but every tenth of this round.
      for (let n = 0; n < 1_000; n += 1) {
        const rowid = round * 1_000 + n + 1;
        if (n % 10 === 0) continue;
        rowids.remove('c', `key-${rowid}`, rowid);
        rows.delete(rowid);
      }
    }
    const all = Array.from({ length: 20_000 }, (_, i) => i + 1);
    expect(all.map((rowid) => rowids.find('c', `key-${rowid}`, isRow(`key-${rowid}`)))).toEqual(all.map((rowid) => ((rowid - 1) % 1_000) % 10 === 0 ? rowid : 0));
  });

  it('two documents with the same hash: each candidate is checked, each document finds its own row', () => {
    const [a, b] = COLLIDING;
    expect(slotHash('relationship', a)).toBe(slotHash('relationship', b));
    const rowids = new DocumentRowids(4);
    const rows = new Map<number, string>([
      [1, a],
      [2, b],
    ]);
    const asked: number[] = [];
    const isRow = (key: string) => (rowid: number) => {
      asked.push(rowid);
      return rows.get(rowid) === key;
    };
    rowids.add('relationship', a, 1);
    expect(rowids.find('relationship', b, isRow(b))).toBe(0);
    rowids.add('relationship', b, 2);
    expect(rowids.find('relationship', b, isRow(b))).toBe(2);
    expect(rowids.find('relationship', a, isRow(a))).toBe(1);
    expect(asked).toEqual([1, 1, 2, 1]);
    rowids.remove('relationship', a, 1);
    expect(rowids.find('relationship', b, isRow(b))).toBe(2);
    expect(rowids.find('relationship', a, isRow(a))).toBe(0);
  });
});
