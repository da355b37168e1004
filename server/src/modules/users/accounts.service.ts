import { eq } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db, Executor } from '../../db/client';
import { inTransaction } from '../../db/tx';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { authorizeResource } from '../../policy/policy';
import { noteAudit } from '../audit/audit.note';
import type { AuthService } from '../auth/auth.service';
import type { UserRow } from './users.repository';
import { users } from './users.table';

/** The account's state as the API shows it to whoever disabled or enabled it. */
export function presentAccountState(u: UserRow) {
  return {
    id: u.id,
    role: u.role,
    disabled: u.disabled,
    disabledReason: u.disabledReason,
    disabledAt: u.disabledAt ? u.disabledAt.toISOString() : null,
  };
}

/**
 * Disables or enables an account inside the caller's transaction (the row locked). Disabling ends
 * every session of the account; enabling does not bring them back.
 */
export async function setAccountDisabled(
  tx: Executor,
  auth: Pick<AuthService, 'endSessions' | 'forgetUser'>,
  target: { id: number },
  change: { disabled: boolean; reason: string; by: number; now: Date },
): Promise<{ before: UserRow; after: UserRow }> {
  const [before] = await tx.select().from(users).where(eq(users.id, target.id)).for('update');
  if (!before) fail('users.not_found');
  if (before.disabled === change.disabled) return { before, after: before };
  const [after] = await tx
    .update(users)
    .set(
      change.disabled
        ? {
            disabled: true,
            disabledReason: change.reason,
            disabledAt: change.now,
            disabledBy: change.by,
            updatedAt: change.now,
          }
        : {
            disabled: false,
            disabledReason: null,
            disabledAt: null,
            disabledBy: null,
            updatedAt: change.now,
          },
    )
    .where(eq(users.id, target.id))
    .returning();
  if (change.disabled) await auth.endSessions(tx, target.id, 'disabled');
  auth.forgetUser(target.id);
  return { before, after: after! };
}

/** Officers disable and enable the volunteers and shop staff of the communities they manage. */
export function createAccountsService(deps: {
  db: Db;
  clock: Clock;
  auth: Pick<AuthService, 'endSessions' | 'forgetUser'>;
}) {
  const { db, clock } = deps;

  return {
    async setDisabled(officer: AuthUser, userId: number, disabled: boolean, reason: string) {
      const now = clock.now();
      const result = await inTransaction(db, async (tx) => {
        const [target] = await tx.select().from(users).where(eq(users.id, userId)).limit(1);
        // Another community's account answers as a missing one does.
        if (!target) fail('users.not_found');
        const resource = { communityId: target.communityId };
        await authorizeResource(tx, officer, 'users.disable', resource, 'users.not_found');
        if (target.role !== 'volunteer' && target.role !== 'merchant_staff') fail('accounts.not_allowed');
        const { before, after } = await setAccountDisabled(tx, deps.auth, target, {
          disabled,
          reason,
          by: officer.id,
          now,
        });
        noteAudit({
          entity: { type: 'users', id: userId },
          communityId: target.communityId,
          before: presentAccountState(before),
          after: presentAccountState(after),
        });
        return after;
      });
      // After the commit too: a session check between the update and the commit read the old row.
      deps.auth.forgetUser(userId);
      return presentAccountState(result);
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
