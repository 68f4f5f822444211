import type { Statement } from 'better-sqlite3';

// Proofs read leaf hashes in ascending runs (subtree by subtree): reading them a page at a time keeps each proof to
// a few queries per thousand leaves instead of one query per leaf.
const PAGE = 4096;

/** A `LeafHashes` callback over the `leaves` table, with a one-page cache. */
export const leafHashReader = (
  page: Statement<[number, number], { leaf_index: number; leaf_hash: Buffer }>,
): ((leafIndex: number) => Buffer) => {
  let first = -1;
  let hashes: Buffer[] = [];
  return (leafIndex) => {
    if (leafIndex < first || leafIndex >= first + hashes.length) {
      first = leafIndex;
      hashes = page.all(leafIndex, PAGE).map((row) => row.leaf_hash);
    }
    const hash = hashes[leafIndex - first];
    if (!hash) throw new RangeError(`leaf ${leafIndex} is not indexed yet`);
    return hash;
  };
};
