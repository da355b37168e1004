import { PLEDGE_VERSION, tillCode } from '@timebank/shared';
import type { TestContext, TestUser } from './context';

let n = 0;

export function applicationBody(communityId: number, overrides: Record<string, unknown> = {}) {
  n += 1;
  return {
    communityId,
    owner: { username: `shop${n}-${process.pid}`, password: 'correct horse 1', displayName: `店主${n}` },
    name: `爱心小店${n}`,
    category: 'food',
    tags: ['independent'],
    address: '紫瑞街 1 号',
    lat: 30.8236,
    lng: 104.1589,
    openingHours: '每天 8:00–21:00',
    contactPhone: '028-83991234',
    licenceNo: '91510114MA6C8XXX1Y'.replace(/X/g, String(n % 10)),
    photos: ['https://example.invalid/shop.jpg'],
    discount: { percentOff: 20, conditions: '不与其他优惠同享' },
    pledge: { accepted: true, version: PLEDGE_VERSION },
    ...overrides,
  };
}

/** Applies, and (unless told not to) has the officer approve: returns the merchant id and its owner. */
export async function activeMerchant(
  ctx: TestContext,
  officer: TestUser,
  overrides: Record<string, unknown> = {},
  approve = true,
): Promise<{ id: number; owner: TestUser }> {
  const r = await ctx
    .request()
    .post('/api/v1/merchants/applications')
    .send(applicationBody(officer.communityId, overrides));
  if (r.status !== 201) throw new Error(`apply failed: ${r.status} ${JSON.stringify(r.body)}`);
  const id = r.body.merchant.id as number;
  if (approve) {
    const a = await ctx
      .request()
      .post(`/api/v1/merchants/${id}/transitions`)
      .set(officer.auth)
      .send({ action: 'approve', reason: '证照齐全，信誉良好' });
    if (a.status !== 200) throw new Error(`approve failed: ${a.status} ${JSON.stringify(a.body)}`);
  }
  const token = r.body.token as string;
  return {
    id,
    owner: {
      id: r.body.user.id,
      role: 'merchant_staff',
      communityId: officer.communityId,
      token,
      auth: { Authorization: `Bearer ${token}` },
    },
  };
}

/** A volunteer with a certificate: credits points straight through the ledger service path (manual attendance). */
export async function certifiedVolunteer(ctx: TestContext, officer: TestUser, volunteer?: TestUser) {
  const v = volunteer ?? (await ctx.addUser('volunteer', officer.communityId));
  const created = await ctx.services.activities.createActivity(
    { id: officer.id, role: 'officer', communityId: officer.communityId },
    {
      title: '为老人助浴',
      category: 'elder_bathing',
      description: '',
      place: { name: '照料中心', lat: 30.8236, lng: 104.1589 },
      startsAt: new Date(ctx.clock.now().getTime() - 4 * 3600_000).toISOString(),
      endsAt: new Date(ctx.clock.now().getTime() - 1 * 3600_000).toISOString(),
      capacity: 10,
      pointsPerHour: 1,
      repeatWeeks: 1,
    },
  );
  const { activities } = await import('../../server/src/modules/activities/activities.table');
  const { eq } = await import('drizzle-orm');
  await ctx.db.update(activities).set({ status: 'published' }).where(eq(activities.id, created.activity.id));
  await ctx.services.attendance.addManualAttendance(
    { id: officer.id, role: 'officer', communityId: officer.communityId },
    { activityId: created.activity.id, userId: v.id, minutes: 180, reason: '测试', evidenceNote: '签到表' },
  );
  return v;
}

/** Opens the holder's credential on a "device" and returns a function giving the code at the clock's time. */
export async function openDevice(ctx: TestContext, holder: TestUser, label = '我的手机') {
  const r = await ctx.request().post('/api/v1/me/till-device').set(holder.auth).send({ label });
  if (r.status !== 201) throw new Error(`device failed: ${r.status} ${JSON.stringify(r.body)}`);
  const { deviceId, secretHex } = r.body as { deviceId: string; secretHex: string };
  return {
    deviceId,
    secretHex,
    code: () => tillCode(deviceId, secretHex, ctx.clock.now().getTime()),
    body: r.body,
  };
}
