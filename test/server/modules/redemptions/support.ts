import type { AuthUser } from '../../../../server/src/http/route';
import { certifiedVolunteer, openDevice } from '../../../helpers/alliance';
import type { TestContext, TestUser } from '../../../helpers/context';
import { api, shop } from '../merchants/support';
import { earn } from '../movements/support';

export const asAuth = (u: TestUser): AuthUser => ({ id: u.id, role: u.role, communityId: u.communityId });

/** A community with an officer and a shop of the alliance. */
export async function shopSetup(ctx: TestContext) {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const s = await shop(ctx, officer, { name: '积分小店' });
  return { c, officer, shop: s };
}

/** A volunteer with a certificate (3 points from it) and `extra` points more, with a device open. */
export async function holder(ctx: TestContext, officer: TestUser, extra = 27) {
  const v = await certifiedVolunteer(ctx, officer);
  if (extra > 0) await earn(ctx, officer, v, extra);
  const device = await openDevice(ctx, v);
  return { v, device };
}

export const itemBody = (over: Record<string, unknown> = {}) => ({
  title: '10 元代金券',
  description: '满 30 元可用',
  points: 10,
  valueFen: 1000,
  stock: 5,
  validFrom: '2026-11-20',
  validTo: '2026-12-31',
  ...over,
});

export async function newItem(ctx: TestContext, owner: TestUser, over: Record<string, unknown> = {}) {
  const r = await api(ctx).post('/merchants/me/redemption-items', owner, itemBody(over));
  if (r.status !== 201) throw new Error(`item failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: number; stock: number | null };
}

let key = 0;
export const redeemKey = () => `redeem-${process.pid}-${++key}`;

export function redeem(
  ctx: TestContext,
  staff: TestUser,
  verificationId: number,
  itemId: number,
  idempotencyKey = redeemKey(),
) {
  return api(ctx).post(`/verifications/${verificationId}/redemption`, staff, { idempotencyKey, itemId });
}
