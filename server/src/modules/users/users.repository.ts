import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { communities } from '../communities/communities.table';
import { openAccount } from '../ledger/ledger.repository';
import { users } from './users.table';

export type UserRow = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export async function findUserById(db: Executor, id: number): Promise<UserRow | undefined> {
  const rows = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return rows[0];
}

export async function findUserByOpenid(db: Executor, openid: string): Promise<UserRow | undefined> {
  const rows = await db.select().from(users).where(eq(users.wechatOpenid, openid)).limit(1);
  return rows[0];
}

export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  const rows = await db.select().from(users).where(eq(users.username, username)).limit(1);
  return rows[0];
}

/** Inserts a user; a volunteer gets a time-bank account in the same statement batch. */
export async function insertUser(db: Executor, values: NewUser): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  if (row.role === 'volunteer') {
    await openAccount(db, { userId: row.id, communityId: row.communityId });
  }
  return row;
}

/** A new password hash (the auth module's change and reset). */
export async function setPasswordHash(ex: Executor, userId: number, passwordHash: string, now: Date) {
  await ex.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, userId));
}

/** Every token of the user issued before `at` stops working (the auth module's sessions). */
export async function setSessionsValidAfter(ex: Executor, userId: number, at: Date) {
  await ex.update(users).set({ sessionsValidAfter: at }).where(eq(users.id, userId));
}

export async function listVolunteers(db: Executor, communityId: number) {
  return db
    .select()
    .from(users)
    .where(and(eq(users.communityId, communityId), eq(users.role, 'volunteer')))
    .orderBy(users.id);
}

export async function findCommunity(db: Executor, id: number) {
  const rows = await db.select().from(communities).where(eq(communities.id, id)).limit(1);
  return rows[0];
}
