// Every table whose rows belong to an owner (it has an `ownerId` column), found in the schema
// itself, so that a table added later is exported and erased without touching this code. Rows of
// sessions' child tables (chunks, events) follow their session; users and refresh tokens are the
// account itself.
import { getTableColumns, getTableName, is } from 'drizzle-orm';
import { PgTable, type PgColumn } from 'drizzle-orm/pg-core';
import * as schema from '../../db/schema.ts';

export interface OwnedTable {
  name: string;
  table: PgTable;
  ownerId: PgColumn;
  /** Columns safe to export (no secret hashes). */
  exportColumns: Record<string, PgColumn>;
}

/** Owner tables in schema order. */
export const ownedTables: OwnedTable[] = (Object.values(schema) as unknown[])
  .filter((value): value is PgTable => is(value, PgTable))
  .flatMap((table) => {
    const columns = getTableColumns(table) as Record<string, PgColumn>;
    if (!columns.ownerId) return [];
    const exportColumns = Object.fromEntries(Object.entries(columns).filter(([key]) => !/hash/i.test(key)));
    return [{ name: getTableName(table), table, ownerId: columns.ownerId, exportColumns }];
  });
