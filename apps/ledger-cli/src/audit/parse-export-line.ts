import type { AuditExportLine } from '../../../ledger-api/src/audit/ledger-format/index.js';

export type ParsedLine = { ok: true; line: AuditExportLine } | { ok: false; reason: string };

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/**
 * Reads one NDJSON line of an export, checking the envelope fields the verifier relies on. Whatever else is wrong
 * (data, metadata, chain link) is for the chain verifier to name.
 */
export const parseExportLine = (text: string): ParsedLine => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not JSON (${(error as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'not a JSON object' };
  const line = value as Partial<AuditExportLine>;
  for (const field of ['stream', 'id', 'type', 'position'] as const) {
    if (typeof line[field] !== 'string') return { ok: false, reason: `"${field}" is not a string` };
  }
  if (!DECIMAL.test(line.position!)) return { ok: false, reason: '"position" is not a decimal position' };
  if (typeof line.revision !== 'number') return { ok: false, reason: '"revision" is not a number' };
  if (typeof line.metadata !== 'object' || line.metadata === null || Array.isArray(line.metadata)) {
    return { ok: false, reason: '"metadata" is not an object' };
  }
  return { ok: true, line: line as AuditExportLine };
};
