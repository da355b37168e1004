import { and, asc, eq } from 'drizzle-orm';
import type { Clock } from '../../clock';
import type { Db, Executor } from '../../db/client';
import { inTransaction } from '../../db/tx';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import type { AuthService } from '../auth/auth.service';
import { setAccountDisabled } from '../users/accounts.service';
import { users } from '../users/users.table';
import { membershipOf } from './merchants.repository';
import { merchantMembers } from './merchants.table';

/** A shop's owner manages its staff accounts: list, disable, enable, remove. */
export function createStaffService(deps: {
  db: Db;
  clock: Clock;
  auth: Pick<AuthService, 'endSessions' | 'forgetUser'>;
}) {
  const { db, clock } = deps;

  async function ownShop(user: AuthUser) {
    const { merchant, isOwner } = await membershipOf(db, user);
    if (!isOwner) fail('merchants.owner_only');
    return merchant;
  }

  /** A staff member of this shop (not an owner), locked for the change. */
  async function member(tx: Executor, merchantId: number, staffId: number) {
    const [m] = await tx
      .select()
      .from(merchantMembers)
      .where(and(eq(merchantMembers.userId, staffId), eq(merchantMembers.merchantId, merchantId)))
      .for('update');
    if (!m) fail('merchants.staff_not_found');
    if (m.isOwner) fail('accounts.not_allowed');
    return m;
  }

  function present(r: {
    id: number;
    username: string | null;
    displayName: string;
    isOwner: boolean;
    disabled: boolean;
    disabledReason: string | null;
  }) {
    return { ...r };
  }

  return {
    async list(owner: AuthUser) {
      const merchant = await ownShop(owner);
      const rows = await db
        .select({
          id: users.id,
          username: users.username,
          displayName: users.displayName,
          isOwner: merchantMembers.isOwner,
          disabled: users.disabled,
          disabledReason: users.disabledReason,
        })
        .from(merchantMembers)
        .innerJoin(users, eq(users.id, merchantMembers.userId))
        .where(eq(merchantMembers.merchantId, merchant.id))
        .orderBy(asc(users.id));
      return { staff: rows.map(present) };
    },

    /** Disabled: the staff member's sessions end and the till refuses their checks at once. */
    async setDisabled(owner: AuthUser, staffId: number, disabled: boolean, reason: string) {
      const merchant = await ownShop(owner);
      const now = clock.now();
      const after = await inTransaction(db, async (tx) => {
        const m = await member(tx, merchant.id, staffId);
        const changed = await setAccountDisabled(
          tx,
          deps.auth,
          { id: m.userId },
          {
            disabled,
            reason,
            by: owner.id,
            now,
          },
        );
        return changed.after;
      });
      deps.auth.forgetUser(staffId);
      return present({
        id: after.id,
        username: after.username,
        displayName: after.displayName,
        isOwner: false,
        disabled: after.disabled,
        disabledReason: after.disabledReason,
      });
    },

    /**
     * The staff member leaves the shop: no longer its staff (the till refuses them at once), the
     * account disabled and its sessions ended. Their past checks keep their name.
     */
    async remove(owner: AuthUser, staffId: number) {
      const merchant = await ownShop(owner);
      const now = clock.now();
      await inTransaction(db, async (tx) => {
        await member(tx, merchant.id, staffId);
        await tx.delete(merchantMembers).where(eq(merchantMembers.userId, staffId));
        await setAccountDisabled(
          tx,
          deps.auth,
          { id: staffId },
          {
            disabled: true,
            reason: '已被店主移出本店',
            by: owner.id,
            now,
          },
        );
      });
      deps.auth.forgetUser(staffId);
    },
  };
}

export type StaffService = ReturnType<typeof createStaffService>;
