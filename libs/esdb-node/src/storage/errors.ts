/** A stored record whose checksum does not match its content: the read fails, naming the record. */
export class CorruptRecordError extends Error {
  constructor(
    readonly streamId: string,
    readonly revision: bigint,
    readonly position: bigint,
  ) {
    super(
      `Corrupt event record: stream "${streamId}" revision ${revision} ($all position ${position}) ` +
        'does not match its checksum; refusing to return altered data.',
    );
    this.name = 'CorruptRecordError';
  }
}

/** `PRAGMA quick_check` found damage (or the file could not be read as a database) at start-up. */
export class DatabaseIntegrityError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(
      `Event store database ${file} failed its integrity check (PRAGMA quick_check), not starting:\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'DatabaseIntegrityError';
  }
}

/** A commit failed (I/O error, full disk): none of the appends in that transaction were stored or acknowledged. */
export class StorageWriteError extends Error {
  constructor(
    readonly code: string | undefined,
    cause: unknown,
  ) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    const what =
      code === 'SQLITE_FULL'
        ? 'the database or disk is full'
        : code === 'SQLITE_IOERR' || code?.startsWith('SQLITE_IOERR')
          ? 'an I/O error occurred'
          : 'the write failed';
    super(`Append not stored: ${what} (${code ?? 'error'}: ${detail}). Nothing in this commit was acknowledged.`);
    this.name = 'StorageWriteError';
  }
}
