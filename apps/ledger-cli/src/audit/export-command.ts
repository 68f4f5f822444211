import { createWriteStream, existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { EsdbEventStore } from '@ledger/event-store';
import { auditExportLines } from '../../../ledger-api/src/audit/export/audit-export.js';
import { AuditUsageError } from './audit-args.js';

/** Where the export comes from: a running service, or the store itself. */
export type ExportSource =
  | { kind: 'service'; url: string; token: string }
  | { kind: 'store'; connectionString: string }
  | { kind: 'data-dir'; dataDir: string };

export interface ExportRequest {
  source: ExportSource;
  out: string;
  /** Also save the service's JWKS here (service source only). */
  jwksOut?: string;
}

export class ExportFailedError extends Error {
  override readonly name = 'ExportFailedError';
}

const fromService = async (source: { url: string; token: string }, request: ExportRequest): Promise<void> => {
  const base = source.url.replace(/\/+$/, '');
  const response = await fetch(`${base}/v1/audit/events`, { headers: { authorization: `Bearer ${source.token}` } });
  if (!response.ok || !response.body) {
    throw new ExportFailedError(`GET ${base}/v1/audit/events answered ${response.status}: ${await response.text()}`);
  }
  await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(request.out));
  if (request.jwksOut) {
    const jwks = await fetch(`${base}/v1/audit/public-key`);
    if (!jwks.ok) throw new ExportFailedError(`GET ${base}/v1/audit/public-key answered ${jwks.status}`);
    await writeFile(request.jwksOut, await jwks.text());
  }
};

const fromStore = async (connectionString: string, out: string): Promise<void> => {
  const eventStore = EsdbEventStore.connect(connectionString);
  try {
    await pipeline(Readable.from(auditExportLines(eventStore)), createWriteStream(out));
  } finally {
    await eventStore.dispose();
  }
};

/** Writes the whole ledger as NDJSON to `out`, with back-pressure from the file down to the store reads. */
export const exportLedger = async (request: ExportRequest): Promise<void> => {
  const { source } = request;
  if (source.kind === 'service') return fromService(source, request);
  if (source.kind === 'store') return fromStore(source.connectionString, request.out);
  // The service's embedded store keeps its database in LEDGER_DATA_DIR/store; read it with a node of our own.
  const { DATABASE_FILE, startEmbeddedNode } = await import('@ledger/esdb-node');
  const database = join(source.dataDir, 'store', DATABASE_FILE);
  // A node opening a missing database creates an empty one: a mistyped directory would export "the whole ledger" as nothing.
  if (!existsSync(database)) throw new AuditUsageError(`--data-dir ${source.dataDir}: there is no event store there (no ${database})`);
  const node = await startEmbeddedNode({ dataDir: join(source.dataDir, 'store'), host: '127.0.0.1', port: 0 }).catch((error: unknown) => {
    if ((error as Error).name !== 'DirectoryInUseError') throw error;
    throw new AuditUsageError(
      `--data-dir ${source.dataDir}: its store is open in a running service or node (${(error as Error).message}); ` +
        'export through it instead: --url with --token, or --connection-string',
    );
  });
  try {
    await fromStore(node.connectionString, request.out);
  } finally {
    await node.stop();
  }
};
