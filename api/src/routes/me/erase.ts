// Erases everything an owner has: rows of every owner table (children by cascade), and for an
// account its refresh tokens and the account itself; all in one transaction.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { refreshTokens, users } from '../../db/schema.ts';
import { ownedTables } from './owned-tables.ts';

export async function eraseOwner(db: Db, ownerId: string, isAccount: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    for (const owned of ownedTables) await tx.delete(owned.table).where(eq(owned.ownerId, ownerId));
    if (isAccount) {
      await tx.delete(refreshTokens).where(eq(refreshTokens.userId, ownerId));
      await tx.delete(users).where(eq(users.id, ownerId));
    }
  });
}
