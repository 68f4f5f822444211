import Database from 'better-sqlite3';

/** Every document of a read-model database, in key order: two databases with equal dumps hold the same read models. */
export const dumpReadModels = (path: string): { documents: unknown[]; events: number } => {
  const db = new Database(path, { readonly: true });
  try {
    const documents = db.prepare('SELECT collection, key, partition, sort, body FROM documents ORDER BY collection, key').all();
    const progress = db.prepare('SELECT events FROM progress WHERE id = 1').get() as { events: number } | undefined;
    return { documents, events: progress?.events ?? 0 };
  } finally {
    db.close();
  }
};
