import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { RecordedEvent } from '@ledger/event-store';
import { DIGEST_BYTES, leafHash, MerkleTreeBuilder, rangeRoot, type HexDigest, type SignedCheckpoint } from '@ledger/ledger-proofs';
import { CHECKPOINT_STREAM, LEDGER_CHECKPOINTED, merkleLeafOf, provenTime, signedCheckpointOf } from '../ledger-format/index.js';

import { customerTenantsOf } from './customer-tenants.js';
import { leafHashReader } from './leaf-hash-reader.js';
import { partnersOf } from './partners-of.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS leaves (
  leaf_index INTEGER PRIMARY KEY,
  leaf_hash  BLOB    NOT NULL,
  event_id   TEXT    NOT NULL UNIQUE,
  position   INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tenant_streams (
  tenant_id TEXT NOT NULL,
  stream    TEXT NOT NULL,
  PRIMARY KEY (tenant_id, stream)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS partner_streams (
  partner_id TEXT    NOT NULL,
  stream     TEXT    NOT NULL,
  since      INTEGER NOT NULL, -- recorded time (epoch ms) of the stream's first event naming the partner
  PRIMARY KEY (partner_id, stream)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS partner_resellers (
  provider_id TEXT NOT NULL,
  reseller_id TEXT NOT NULL,
  PRIMARY KEY (provider_id, reseller_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoints (
  tree_size  INTEGER PRIMARY KEY,
  checkpoint TEXT    NOT NULL
);
CREATE TABLE IF NOT EXISTS progress (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  position INTEGER NOT NULL
);
`;

/** Leaves read per query when a reader catches up with the recording connection. */
const LEAF_PAGE = 4_096;

// The layout above; an index file of an older layout lacks derived rows for the events it already recorded, so it is
// dropped and rebuilt from the store (derived data).
// 4: a partner stream's `since` is its first event's proven time (`provenTime`); 5: an event of the notary's stream
// other than its own is a leaf (`merkleLeafOf`).
const SCHEMA_VERSION = 5;
const TABLES = ['leaves', 'tenant_streams', 'partner_streams', 'partner_resellers', 'checkpoints', 'progress'];

export interface IndexedLeaf {
  leafIndex: number;
  leafHash: Buffer;
  position: bigint;
}

/**
 * What the audit features look up without replaying the ledger, kept in SQLite under `LEDGER_DATA_DIR/audit/`:
 * the Merkle leaf hash of every leaf event in `$all` order (for roots and proofs), and which streams are about
 * which customer tenant (for timelines), which streams name which partner and which resellers each indirect provider
 * has (for authorisations as of an instant). Derived data: deleting the file rebuilds it from the store. One writer
 * (the indexer's subscription); events are recorded in transactions that end with the position they came from.
 */
export class LedgerIndex {
  private readonly tree: MerkleTreeBuilder;
  private lastPosition: bigint | undefined;
  private readonly statements;
  private readonly recordInTransaction: (events: readonly RecordedEvent[]) => Buffer[];

  private constructor(
    private readonly db: Database.Database,
    /** Whether a `LedgerCheckpointed` event is one of this ledger's (its signature verifies): only those are kept. */
    private readonly trustsCheckpoint: (checkpoint: SignedCheckpoint) => boolean = () => true,
  ) {
    this.statements = {
      insertLeaf: db.prepare<[number, Buffer, string, bigint]>(
        'INSERT INTO leaves (leaf_index, leaf_hash, event_id, position) VALUES (?, ?, ?, ?)',
      ),
      insertTenantStream: db.prepare<[string, string]>(
        'INSERT OR IGNORE INTO tenant_streams (tenant_id, stream) VALUES (?, ?)',
      ),
      insertPartnerStream: db.prepare<[string, string, number]>(
        'INSERT OR IGNORE INTO partner_streams (partner_id, stream, since) VALUES (?, ?, ?)',
      ),
      insertReseller: db.prepare<[string, string]>(
        'INSERT OR IGNORE INTO partner_resellers (provider_id, reseller_id) VALUES (?, ?)',
      ),
      streamsOfPartner: db.prepare<{ partnerId: string; until: number }, { stream: string }>(
        `SELECT stream FROM partner_streams WHERE partner_id = $partnerId AND since <= $until
         UNION
         SELECT s.stream FROM partner_resellers r JOIN partner_streams s ON s.partner_id = r.reseller_id
         WHERE r.provider_id = $partnerId AND s.since <= $until`,
      ),
      resellersOf: db.prepare<[string], { reseller_id: string }>(
        'SELECT reseller_id FROM partner_resellers WHERE provider_id = ?',
      ),
      savePosition: db.prepare<[bigint]>(
        'INSERT INTO progress (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position',
      ),
      leafPage: db.prepare<[number, number], { leaf_index: number; leaf_hash: Buffer }>(
        'SELECT leaf_index, leaf_hash FROM leaves WHERE leaf_index >= ? ORDER BY leaf_index LIMIT ?',
      ),
      leafByEventId: db
        .prepare<[string], { leaf_index: number; leaf_hash: Buffer; position: bigint }>(
          'SELECT leaf_index, leaf_hash, position FROM leaves WHERE event_id = ?',
        )
        .safeIntegers(true),
      leafByIndex: db
        .prepare<[number], { leaf_index: bigint; leaf_hash: Buffer; position: bigint }>(
          'SELECT leaf_index, leaf_hash, position FROM leaves WHERE leaf_index = ?',
        )
        .safeIntegers(true),
      insertCheckpoint: db.prepare<[number, string]>(
        'INSERT OR IGNORE INTO checkpoints (tree_size, checkpoint) VALUES (?, ?)',
      ),
      latestCheckpoint: db.prepare<[], { checkpoint: string }>(
        'SELECT checkpoint FROM checkpoints ORDER BY tree_size DESC LIMIT 1',
      ),
      coveringCheckpoint: db.prepare<[number], { checkpoint: string }>(
        'SELECT checkpoint FROM checkpoints WHERE tree_size > ? ORDER BY tree_size LIMIT 1',
      ),
      streamsOfTenant: db.prepare<[string], { stream: string }>(
        'SELECT stream FROM tenant_streams WHERE tenant_id = ?',
      ),
    };
    this.recordInTransaction = db.transaction(this.recordEvents.bind(this));
    const progress = db.prepare('SELECT position FROM progress WHERE id = 1').safeIntegers(true).get() as
      | { position: bigint }
      | undefined;
    this.lastPosition = progress?.position;
    this.tree = new MerkleTreeBuilder();
    for (const row of db.prepare('SELECT leaf_hash FROM leaves ORDER BY leaf_index').iterate() as Iterable<{
      leaf_hash: Buffer;
    }>) {
      this.tree.appendLeafHash(row.leaf_hash);
    }
  }

  /**
   * Opens the index at `file` to record into (creating it, or rebuilding an older layout, as needed). With
   * `trustsCheckpoint`, a checkpoint event it refuses (one this ledger's key did not sign, put in the store by someone
   * else) is not kept: it is never served as a checkpoint, nor embedded in a receipt.
   */
  static open(file: string, trustsCheckpoint?: (checkpoint: SignedCheckpoint) => boolean): LedgerIndex {
    mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    // Derived data, rebuilt from the store if lost: no need to wait for the disk on every event.
    db.pragma('synchronous = NORMAL');
    if (db.pragma('user_version', { simple: true }) !== SCHEMA_VERSION) {
      db.transaction(() => {
        for (const table of TABLES) db.exec(`DROP TABLE IF EXISTS ${table}`);
        db.exec(SCHEMA);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      })();
    }
    return new LedgerIndex(db, trustsCheckpoint);
  }

  /**
   * Opens, read only, the index that another connection records into (the service's indexer runs on a thread of
   * its own, which opened it first): queries read what it committed, and `advanceTo` follows its commits.
   */
  static openReader(file: string): LedgerIndex {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const version = db.pragma('user_version', { simple: true });
    if (version !== SCHEMA_VERSION) {
      db.close();
      throw new Error(`the ledger index ${file} has layout ${String(version)}, not ${SCHEMA_VERSION}: open it with LedgerIndex.open first`);
    }
    return new LedgerIndex(db);
  }

  /** The `$all` position of the last event recorded, undefined before the first. */
  get position(): bigint | undefined {
    return this.lastPosition;
  }

  get leafCount(): number {
    return this.tree.treeSize;
  }

  /** Records one event of `$all`, in order: its leaf (if it is one) and the tenants and partners it is about. */
  record(event: RecordedEvent): void {
    this.recordAll([event]);
  }

  /**
   * Records events of `$all`, in order, in one transaction with the position of the last: all of them or, if
   * the transaction fails, none (the in-memory tree and position change only once it has committed). Returns the
   * leaf hashes it added, one after the other (32 bytes each).
   */
  recordAll(events: readonly RecordedEvent[]): Buffer {
    const last = events.at(-1);
    if (last === undefined) return Buffer.alloc(0);
    const leafHashes = this.recordInTransaction(events);
    for (const hash of leafHashes) this.tree.appendLeafHash(hash);
    this.lastPosition = last.position;
    return Buffer.concat(leafHashes);
  }

  /**
   * The recording connection (another thread's) committed leaves up to `leafCount`, the last of them `addedLeaves`
   * (32 bytes each, as `recordAll` returned them), and events up to `position`: this instance's tree and position
   * follow. Leaves it missed before `addedLeaves` are read from the file.
   */
  advanceTo(leafCount: number, position: bigint, addedLeaves: Uint8Array = new Uint8Array(0)): void {
    const firstAdded = leafCount - addedLeaves.byteLength / DIGEST_BYTES;
    while (this.tree.treeSize < firstAdded) {
      const rows = this.statements.leafPage.all(this.tree.treeSize, Math.min(LEAF_PAGE, firstAdded - this.tree.treeSize));
      if (rows.length === 0) throw new Error(`the ledger index holds ${this.tree.treeSize} leaves, not the ${leafCount} committed`);
      for (const row of rows) this.tree.appendLeafHash(row.leaf_hash);
    }
    for (let leaf = this.tree.treeSize; leaf < leafCount; leaf += 1) {
      const at = (leaf - firstAdded) * DIGEST_BYTES;
      this.tree.appendLeafHash(addedLeaves.subarray(at, at + DIGEST_BYTES));
    }
    if (this.lastPosition === undefined || position > this.lastPosition) this.lastPosition = position;
  }

  private recordEvents(events: readonly RecordedEvent[]): Buffer[] {
    const leafHashes: Buffer[] = [];
    for (const event of events) {
      const leaf = merkleLeafOf(event);
      if (leaf) {
        const hash = leafHash(leaf);
        this.statements.insertLeaf.run(this.tree.treeSize + leafHashes.length, hash, event.id, event.position);
        leafHashes.push(hash);
      }
      if (event.stream === CHECKPOINT_STREAM && event.type === LEDGER_CHECKPOINTED) {
        const checkpoint = signedCheckpointOf(event.data);
        if (this.trustsCheckpoint(checkpoint)) this.statements.insertCheckpoint.run(checkpoint.treeSize, JSON.stringify(checkpoint));
      }
      for (const tenantId of customerTenantsOf(event)) this.statements.insertTenantStream.run(tenantId, event.stream);
      const { partners, reseller } = partnersOf(event);
      for (const partnerId of partners) {
        this.statements.insertPartnerStream.run(partnerId, event.stream, provenTime(event));
      }
      if (reseller) this.statements.insertReseller.run(reseller.providerId, reseller.resellerId);
    }
    this.statements.savePosition.run(events.at(-1)!.position);
    return leafHashes;
  }

  leafOfEvent(eventId: string): IndexedLeaf | undefined {
    const row = this.statements.leafByEventId.get(eventId.toLowerCase());
    return row && { leafIndex: Number(row.leaf_index), leafHash: row.leaf_hash, position: row.position };
  }

  leafAt(leafIndex: number): IndexedLeaf | undefined {
    const row = this.statements.leafByIndex.get(leafIndex);
    return row && { leafIndex: Number(row.leaf_index), leafHash: row.leaf_hash, position: row.position };
  }

  /** Reads leaf hashes for the proof functions of `@ledger/ledger-proofs`. */
  leafHashes(): (leafIndex: number) => Buffer {
    return leafHashReader(this.statements.leafPage);
  }

  /** The root of the tree of the first `treeSize` leaves (O(1) at the current size, one pass over them otherwise). */
  rootAt(treeSize: number): HexDigest {
    if (treeSize > this.leafCount) throw new RangeError(`only ${this.leafCount} leaves are indexed, not ${treeSize}`);
    if (treeSize === this.leafCount) return this.tree.rootHex();
    return rangeRoot(this.leafHashes(), 0, treeSize).toString('hex');
  }

  /** The latest signed checkpoint recorded in the ledger, undefined before the notary's first. */
  latestCheckpoint(): SignedCheckpoint | undefined {
    const row = this.statements.latestCheckpoint.get();
    return row && (JSON.parse(row.checkpoint) as SignedCheckpoint);
  }

  /** The first checkpoint whose tree holds leaf `leafIndex`. */
  checkpointCovering(leafIndex: number): SignedCheckpoint | undefined {
    const row = this.statements.coveringCheckpoint.get(leafIndex);
    return row && (JSON.parse(row.checkpoint) as SignedCheckpoint);
  }

  streamsOfTenant(tenantId: string): string[] {
    return this.statements.streamsOfTenant.all(tenantId).map((row) => row.stream);
  }

  /**
   * The streams that can change a partner's registration authorisations: every stream naming the partner (its own,
   * its relationships, its consent requests; for an indirect provider, its resellers' enrolments and acceptances
   * naming it) and every stream naming one of its resellers; with `until`, only the streams that named them by then.
   */
  streamsOfPartner(partnerId: string, until?: Date): string[] {
    const rows = this.statements.streamsOfPartner.all({ partnerId, until: until?.getTime() ?? Number.MAX_SAFE_INTEGER });
    return rows.map((row) => row.stream);
  }

  /** The partners that named `providerId` as their indirect provider. */
  resellersOf(providerId: string): string[] {
    return this.statements.resellersOf.all(providerId).map((row) => row.reseller_id);
  }

  close(): void {
    this.db.close();
  }
}
