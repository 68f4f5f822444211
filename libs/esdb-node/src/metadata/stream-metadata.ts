/**
 * Stream metadata (`$$<stream>`): the JSON document EventStoreDB keeps in the last event of a
 * stream's metastream. The node honours `$tb` (truncate before), `$maxCount` and `$maxAge` on
 * reads; soft delete sets `$tb` to EventStoreDB's "deleted stream" number (long.MaxValue).
 */
export const DELETED_STREAM_REVISION = 9223372036854775807n;
export const METADATA_EVENT_TYPE = '$metadata';
export const STREAM_DELETED_EVENT_TYPE = '$streamDeleted';
export const LINK_EVENT_TYPE = '$>';

export interface StreamRules {
  truncateBefore?: bigint;
  maxCount?: bigint;
  /** Seconds. */
  maxAge?: number;
  /** `$tb` is long.MaxValue: the stream was soft-deleted. */
  softDeleted: boolean;
}

export const NO_RULES: StreamRules = { softDeleted: false };

export const isMetastream = (streamId: string): boolean => streamId.startsWith('$$');
export const metastreamOf = (streamId: string): string => `$$${streamId}`;
export const originalStreamOf = (metastreamId: string): string => metastreamId.slice(2);

/** Numbers past 2^53 arrive rounded from JSON.parse: anything at or above 2^63 - 1 means "deleted". */
function toRevision(value: unknown): bigint | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
  if (value >= 9223372036854775807) return DELETED_STREAM_REVISION;
  return BigInt(Math.trunc(value));
}

/** Parses a metadata event's data; invalid JSON means no rules (EventStoreDB ignores bad metadata). */
export function parseStreamMetadata(data: Uint8Array): { rules: StreamRules; document: Record<string, unknown> } {
  let document: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(Buffer.from(data).toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) document = parsed as Record<string, unknown>;
  } catch {
    return { rules: NO_RULES, document: {} };
  }
  const truncateBefore = toRevision(document['$tb']);
  const maxCount = toRevision(document['$maxCount']);
  const maxAgeRaw = document['$maxAge'];
  const maxAge = typeof maxAgeRaw === 'number' && maxAgeRaw > 0 ? maxAgeRaw : undefined;
  return {
    rules: {
      truncateBefore,
      maxCount: maxCount !== undefined && maxCount > 0n ? maxCount : undefined,
      maxAge,
      softDeleted: truncateBefore === DELETED_STREAM_REVISION,
    },
    document,
  };
}

/** The metadata document with `$tb` replaced (long.MaxValue is written exactly, as EventStoreDB does). */
export function withTruncateBefore(document: Record<string, unknown>, truncateBefore: bigint): Buffer {
  const rest = { ...document };
  delete rest['$tb'];
  const body = JSON.stringify(rest);
  const tb = `"$tb":${truncateBefore.toString()}`;
  return Buffer.from(body === '{}' ? `{${tb}}` : `${body.slice(0, -1)},${tb}}`, 'utf8');
}

/** Metastreams keep only their latest event visible, as in EventStoreDB (metastream max count 1). */
export const METASTREAM_RULES: StreamRules = { maxCount: 1n, softDeleted: false };
