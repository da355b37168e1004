/** Helpers for the households tests: a registered household, a request, a conversion, over HTTP. */
import { MIN, type TestContext, type TestUser } from '../../../helpers/context';

export const CONSENT = {
  givenBy: '本人',
  givenAt: '2026-11-25T09:30:00+08:00',
  version: '2026-11',
  agreed: true,
};

export function householdBody(overrides: Record<string, unknown> = {}) {
  return {
    label: '张奶奶',
    category: 'elderly_alone',
    address: '紫瑞街 3 栋 2 单元 101',
    phone: '028-83990000',
    notes: '腿脚不便，敲门需大声',
    consent: CONSENT,
    ...overrides,
  };
}

export async function registerHousehold(
  ctx: TestContext,
  officer: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<number> {
  const r = await ctx.request().post('/api/v1/households').set(officer.auth).send(householdBody(overrides));
  if (r.status !== 201) throw new Error(`register failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id as number;
}

export async function addProxy(
  ctx: TestContext,
  officer: TestUser,
  householdId: number,
  proxy: TestUser,
  relation = '女儿',
) {
  const r = await ctx
    .request()
    .post(`/api/v1/households/${householdId}/proxies`)
    .set(officer.auth)
    .send({ userId: proxy.id, relation });
  if (r.status !== 201) throw new Error(`proxy failed: ${r.status} ${JSON.stringify(r.body)}`);
}

export const requestBody = (overrides: Record<string, unknown> = {}) => ({
  kind: 'meal',
  preferredTime: '每周三中午',
  details: '少盐，软一点',
  ...overrides,
});

/** Raises a request as the officer (or, with `proxy`, through the proxy's route); returns its id. */
export async function raise(
  ctx: TestContext,
  who: TestUser,
  householdId: number,
  overrides: Record<string, unknown> = {},
): Promise<number> {
  const path =
    who.role === 'officer'
      ? `/api/v1/households/${householdId}/requests`
      : `/api/v1/me/households/${householdId}/requests`;
  const r = await ctx.request().post(path).set(who.auth).send(requestBody(overrides));
  if (r.status !== 201) throw new Error(`raise failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id as number;
}

/** A conversion body: the activity starts `startsIn` minutes from the clock and lasts `minutes`. */
export function convertBody(
  ctx: TestContext,
  startsIn = 10,
  minutes = 120,
  extra: Record<string, unknown> = {},
) {
  const startsAt = new Date(ctx.clock.now().getTime() + startsIn * MIN);
  const endsAt = new Date(startsAt.getTime() + minutes * MIN);
  return {
    place: { name: '张奶奶家', lat: 30.8236, lng: 104.1589 },
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    capacity: 2,
    ...extra,
  };
}

/** Arranges an open request as an activity (the officer's convert); returns the activity's id. */
export async function arrange(
  ctx: TestContext,
  officer: TestUser,
  requestId: number,
  startsIn = 120,
  minutes = 60,
) {
  const r = await ctx
    .request()
    .post(`/api/v1/help-requests/${requestId}/convert`)
    .set(officer.auth)
    .send(convertBody(ctx, startsIn, minutes));
  if (r.status !== 200) throw new Error(`convert failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.activity.id as number;
}
