import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { PASSWORD_RESET_MAX_TRIES, PASSWORD_RESET_TTL_HOURS } from '@timebank/shared';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db, Executor } from '../../db/client';
import { inTransaction } from '../../db/tx';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { noteAudit } from '../audit/audit.note';
import { merchantMembers, merchants } from '../merchants/merchants.table';
import { canManage } from '../users/scope';
import { findUserById, findUserByUsername, setPasswordHash, type UserRow } from '../users/users.repository';
import { users } from '../users/users.table';
import type { AuthService } from './auth.service';
import { passwordResets } from './auth.table';
import { hashPassword, verifyPassword } from './passwords';

/** Crockford's base32: no I, L, O or U to misread when the code is read out over the phone. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function newResetCode(): string {
  let out = '';
  for (let i = 0; i < 12; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8)}`;
}

/** The code as typed (any case, dashes or spaces) → the stored SHA-256. It is random: no need for scrypt. */
function hashResetCode(code: string): string {
  const canonical = code.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  return createHash('sha256').update(`timebank:password-reset:${canonical}`).digest('hex');
}

const sameHex = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));

/** A new password may not be the username (any case) or the one it replaces. */
async function assertAcceptable(user: UserRow, password: string) {
  if (user.username && password.trim().toLowerCase() === user.username.toLowerCase())
    fail('accounts.password_weak', { rule: 'same_as_username' });
  if (user.passwordHash && (await verifyPassword(password, user.passwordHash)))
    fail('accounts.password_weak', { rule: 'unchanged' });
}

/** Outstanding reset codes of the user stop working (a newer one, or the password changed). */
async function voidResets(ex: Executor, userId: number, now: Date) {
  await ex
    .update(passwordResets)
    .set({ voidedAt: now })
    .where(
      and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt), isNull(passwordResets.voidedAt)),
    );
}

/** Passwords: changing one's own, an officer's reset code for a shop's staff, and using that code. */
export function createCredentialsService(deps: {
  db: Db;
  clock: Clock;
  auth: Pick<AuthService, 'endSessions'>;
}) {
  const { db, clock } = deps;

  return {
    /** The current password is required; every other session of the user ends. */
    async changePassword(
      user: AuthUser,
      sessionId: string | undefined,
      input: { currentPassword: string; newPassword: string },
    ) {
      const row = await findUserById(db, user.id);
      if (!row) fail('users.not_found');
      if (!row.passwordHash) fail('accounts.no_password');
      if (!(await verifyPassword(input.currentPassword, row.passwordHash))) fail('accounts.wrong_password');
      await assertAcceptable(row, input.newPassword);
      const passwordHash = await hashPassword(input.newPassword);
      const now = clock.now();
      await inTransaction(db, async (tx) => {
        await setPasswordHash(tx, user.id, passwordHash, now);
        await voidResets(tx, user.id, now);
        await deps.auth.endSessions(tx, user.id, 'password_changed', sessionId);
      });
    },

    /**
     * An officer gives a staff member (or owner) of one of their community's shops a one-time code to
     * set a new password with. Shown once; stored as a hash; a newer code voids the older one. Anyone
     * the officer does not manage is "not found", as a missing id is.
     */
    async issueReset(officer: AuthUser, userId: number) {
      const [found] = await db
        .select({ user: users, merchantCommunity: merchants.communityId })
        .from(users)
        .leftJoin(merchantMembers, eq(merchantMembers.userId, users.id))
        .leftJoin(merchants, eq(merchants.id, merchantMembers.merchantId))
        .where(eq(users.id, userId))
        .limit(1);
      if (!found) fail('users.not_found');
      const communityId = found.merchantCommunity ?? found.user.communityId;
      if (!(await canManage(db, officer, communityId))) fail('users.not_found');
      if (found.user.role !== 'merchant_staff' || found.merchantCommunity === null || !found.user.username)
        fail('accounts.not_allowed');
      const code = newResetCode();
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_HOURS * 3600_000);
      await inTransaction(db, async (tx) => {
        await voidResets(tx, userId, now);
        await tx.insert(passwordResets).values({
          userId,
          codeHash: hashResetCode(code),
          createdBy: officer.id,
          createdAt: now,
          expiresAt,
        });
        noteAudit({
          entity: { type: 'users', id: userId },
          communityId,
          before: null,
          after: { passwordReset: { issuedAt: now.toISOString(), expiresAt: expiresAt.toISOString() } },
        });
      });
      return { userId, code, expiresAt: expiresAt.toISOString() };
    },

    /**
     * The staff member sets a new password with the officer's code: once, before it expires, and a few
     * wrong tries void it. Every session of the account ends.
     */
    async redeemReset(input: { username: string; code: string; newPassword: string }) {
      const now = clock.now();
      const user = await findUserByUsername(db, input.username);
      const [reset] = user
        ? await db
            .select()
            .from(passwordResets)
            .where(
              and(
                eq(passwordResets.userId, user.id),
                isNull(passwordResets.usedAt),
                isNull(passwordResets.voidedAt),
              ),
            )
            .orderBy(desc(passwordResets.id))
            .limit(1)
        : [];
      // The same work whether or not there is a code to compare with.
      const given = hashResetCode(input.code);
      const matches = sameHex(given, reset?.codeHash ?? '0'.repeat(64));
      if (!user || !reset) fail('accounts.reset_code_invalid');
      if (!matches) {
        await db
          .update(passwordResets)
          .set({
            failedAttempts: sql`${passwordResets.failedAttempts} + 1`,
            voidedAt: sql`CASE WHEN ${passwordResets.failedAttempts} + 1 >= ${PASSWORD_RESET_MAX_TRIES} THEN ${now.toISOString()}::timestamptz END`,
          })
          .where(eq(passwordResets.id, reset.id));
        fail('accounts.reset_code_invalid');
      }
      if (reset.expiresAt <= now) fail('accounts.reset_code_invalid');
      await assertAcceptable(user, input.newPassword);
      const passwordHash = await hashPassword(input.newPassword);
      await inTransaction(db, async (tx) => {
        // Used once: of two redemptions at the same moment, one finds it already used.
        const used = await tx
          .update(passwordResets)
          .set({ usedAt: now })
          .where(
            and(
              eq(passwordResets.id, reset.id),
              isNull(passwordResets.usedAt),
              isNull(passwordResets.voidedAt),
            ),
          )
          .returning({ id: passwordResets.id });
        if (!used.length) fail('accounts.reset_code_invalid');
        await setPasswordHash(tx, user.id, passwordHash, now);
        await deps.auth.endSessions(tx, user.id, 'password_reset');
      });
    },
  };
}

export type CredentialsService = ReturnType<typeof createCredentialsService>;
