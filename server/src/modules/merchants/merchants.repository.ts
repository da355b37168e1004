import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { fail } from '../../http/errors';
import type { AuthUser } from '../../http/route';
import { merchantMembers, merchants } from './merchants.table';

export type MerchantRow = typeof merchants.$inferSelect;

export async function getMerchant(
  db: Executor,
  id: number,
  opts: { forUpdate?: boolean } = {},
): Promise<MerchantRow> {
  const q = db.select().from(merchants).where(eq(merchants.id, id)).limit(1);
  const rows = opts.forUpdate ? await q.for('update') : await q;
  return rows[0] ?? fail('merchants.not_found');
}

/** The merchant a staff account works for. */
export async function membershipOf(db: Executor, user: AuthUser) {
  if (user.role !== 'merchant_staff') fail('merchants.not_member');
  const [m] = await db.select().from(merchantMembers).where(eq(merchantMembers.userId, user.id)).limit(1);
  if (!m) fail('merchants.not_member');
  const merchant = await getMerchant(db, m.merchantId);
  return { merchant, isOwner: m.isOwner };
}
