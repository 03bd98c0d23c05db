// Every schema migration, in order. Migrations are TypeScript strings rather than .sql files so the
// bundled main process carries them: nothing is read from disk at run time. Append only; never
// edit a migration that has shipped.
import * as sales from './001-sales';
import * as saleHistory from './002-sale-history';
import * as alerts from './003-alerts';

/** One schema step: its version is its position in the list, from 1. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [sales, saleHistory, alerts].map((m, i) => ({
  version: i + 1,
  name: m.name,
  sql: m.sql,
}));
