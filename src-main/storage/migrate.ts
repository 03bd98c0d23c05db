// Brings a database up to the newest schema, one transaction per migration, recording each in
// schema_migrations. A database written by a newer Slotkeeper is refused rather than misread.
import type Database from 'better-sqlite3';
import { migrations, type Migration } from './migrations/index';

/** Applies every migration the database has not seen; returns the versions applied. */
export function migrate(db: Database.Database, list: readonly Migration[] = migrations): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const row = db.prepare('SELECT max(version) AS version FROM schema_migrations').get() as { version: number | null };
  const current = row.version ?? 0;
  const newest = list.length === 0 ? 0 : list[list.length - 1]!.version;
  if (current > newest) {
    throw new Error(
      `This data folder's database has schema version ${current}, newer than this Slotkeeper knows (${newest}); ` +
        'run the newer Slotkeeper that wrote it, or point --data-dir at another folder',
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const migration of list) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    }).immediate();
    applied.push(migration.version);
  }
  return applied;
}
