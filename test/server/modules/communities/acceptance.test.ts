/**
 * 通存通兑 as a decided policy: districts and communities decide how far certificates are honoured;
 * the till applies both sides' decisions (verify.outside_area); the holder's community sees the
 * alerts of its certificates at other communities' shops.
 */
import test from 'ava';
import { certifiedVolunteer, openDevice } from '../../../helpers/alliance';
import { createTestContext, MIN, type TestContext, type TestUser } from '../../../helpers/context';
import { api, assertError, shop as merchant, nextStep, verify } from '../merchants/support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

/** Two districts: A and B in the first, C in the second; a certified holder of A with a device. */
async function world() {
  const a = await ctx.addCommunity('甲社区');
  const b = await ctx.addCommunity('乙社区', { districtId: a.districtId });
  const c = await ctx.addCommunity('丙社区');
  const officerA = await ctx.addUser('officer', a.id);
  const officerB = await ctx.addUser('officer', b.id);
  const officerC = await ctx.addUser('officer', c.id);
  const adminA = await ctx.addUser('district_admin', a.id);
  const adminC = await ctx.addUser('district_admin', c.id);
  const shopA = await merchant(ctx, officerA);
  const shopB = await merchant(ctx, officerB);
  const shopC = await merchant(ctx, officerC);
  const holder = await certifiedVolunteer(ctx, officerA);
  const device = await openDevice(ctx, holder);
  return { a, b, c, officerA, officerB, officerC, adminA, adminC, shopA, shopB, shopC, holder, device };
}

/** Valid or the refusal's reason, for a fresh code at each shop in turn. */
async function outcomes(w: Awaited<ReturnType<typeof world>>) {
  const out: Record<string, string> = {};
  for (const [name, s] of [
    ['A', w.shopA],
    ['B', w.shopB],
    ['C', w.shopC],
  ] as const) {
    nextStep(ctx);
    const r = await verify(ctx, s.owner, w.device.code());
    if (r.status !== 200) throw new Error(`verify: ${r.status} ${JSON.stringify(r.body)}`);
    out[name] = r.body.valid ? 'valid' : r.body.reason;
  }
  return out;
}

const put = (user: TestUser, path: string, body: object) => api(ctx).put(path, user, body);

test.serial('until anyone decides, certificates count everywhere; each decision narrows it', async (t) => {
  const w = await world();
  t.deepEqual(await outcomes(w), { A: 'valid', B: 'valid', C: 'valid' });

  // The first district keeps its certificates, and takes certificates only, from within.
  const d = await put(w.adminA, `/districts/${w.a.districtId}/acceptance`, { scope: 'district' });
  t.is(d.status, 200, JSON.stringify(d.body));
  t.deepEqual(d.body, {
    districtId: w.a.districtId,
    scope: 'district',
    label: { zh: '本街道（区）联盟', en: "The district's alliance" },
  });
  t.deepEqual(await outcomes(w), { A: 'valid', B: 'valid', C: 'verify.outside_area' });

  // Community A keeps its certificates at home.
  const own = await put(w.officerA, `/communities/${w.a.id}/acceptance`, { scope: 'own_community' });
  t.is(own.status, 200, JSON.stringify(own.body));
  t.is(own.body.scope, 'own_community');
  t.is(own.body.districtScope, 'district');
  t.deepEqual(own.body.honouredIn, [{ id: w.a.id, name: '甲社区' }]);
  t.deepEqual(await outcomes(w), { A: 'valid', B: 'verify.outside_area', C: 'verify.outside_area' });

  // A opens up to everyone, but C's district still decides what C's shops take.
  await put(w.officerA, `/communities/${w.a.id}/acceptance`, { scope: 'installation' });
  await put(w.adminC, `/districts/${w.c.districtId}/acceptance`, { scope: 'own_community' });
  t.deepEqual(await outcomes(w), { A: 'valid', B: 'valid', C: 'verify.outside_area' });
  await put(w.adminC, `/districts/${w.c.districtId}/acceptance`, { scope: 'installation' });
  t.deepEqual(await outcomes(w), { A: 'valid', B: 'valid', C: 'valid' });

  // null: back to the district's decision.
  const back = await put(w.officerA, `/communities/${w.a.id}/acceptance`, { scope: null });
  t.is(back.body.communityScope, null);
  t.is(back.body.scope, 'district');
  t.deepEqual(await outcomes(w), { A: 'valid', B: 'valid', C: 'verify.outside_area' });

  // The holder sees where the certificate counts.
  const mine = await api(ctx).get(`/communities/${w.a.id}/acceptance`, w.holder);
  t.is(mine.status, 200);
  t.deepEqual(mine.body.honouredIn, [
    { id: w.a.id, name: '甲社区' },
    { id: w.b.id, name: '乙社区' },
  ]);
  t.deepEqual(mine.body.label, { zh: '本街道（区）联盟', en: "The district's alliance" });
  // Each decision is in the audit log.
  const audit = await api(ctx).get('/audit', w.officerA);
  t.is(audit.status, 200, JSON.stringify(audit.body));
  t.true(JSON.stringify(audit.body).includes('acceptance'));
});

test.serial(
  'only the community’s officers and its district’s administrators decide; bad input changes nothing',
  async (t) => {
    const w = await world();
    const path = `/communities/${w.a.id}/acceptance`;
    assertError(t, await put(w.holder, path, { scope: 'own_community' }), 403, 'auth.forbidden');
    assertError(t, await put(w.shopA.owner, path, { scope: 'own_community' }), 403, 'auth.forbidden');
    // Another community's officer, or another district's administrator: as if A did not exist.
    assertError(t, await put(w.officerB, path, { scope: 'own_community' }), 404, 'communities.not_found');
    assertError(t, await put(w.adminC, path, { scope: 'own_community' }), 404, 'communities.not_found');
    assertError(
      t,
      await put(w.officerA, '/communities/2147483647/acceptance', { scope: null }),
      404,
      'communities.not_found',
    );
    assertError(
      t,
      await put(w.adminC, `/districts/${w.a.districtId}/acceptance`, { scope: 'own_community' }),
      404,
      'districts.not_found',
    );
    assertError(
      t,
      await put(w.officerA, `/districts/${w.a.districtId}/acceptance`, { scope: 'own_community' }),
      403,
      'auth.forbidden',
    );
    for (const body of [{ scope: 'everywhere' }, { scope: 1 }, {}, { scope: null, extra: 1 }]) {
      assertError(t, await put(w.officerA, path, body), 400, 'request.invalid');
    }
    assertError(
      t,
      await put(w.adminA, `/districts/${w.a.districtId}/acceptance`, { scope: null }),
      400,
      'request.invalid',
    );
    // The district administrator may decide for a community of the district.
    const byAdmin = await put(w.adminA, `/communities/${w.b.id}/acceptance`, { scope: 'own_community' });
    t.is(byAdmin.status, 200, JSON.stringify(byAdmin.body));
    const a = await api(ctx).get(path, w.holder);
    t.is(a.body.communityScope, null, 'nothing refused changed A');
    t.is(a.body.scope, 'installation');
  },
);

test.serial(
  'alerts of a certificate used at another community’s shops reach the holder’s community too',
  async (t) => {
    ctx.clock.set('2026-12-01T02:00:00.000Z');
    const w = await world();
    const far = await merchant(ctx, w.officerB, { lat: 30.8636, lng: 104.1589, name: '北边的店' });
    const near = await merchant(ctx, w.officerB, { lat: 30.8236, lng: 104.1589, name: '南边的店' });
    nextStep(ctx);
    t.true((await verify(ctx, near.owner, w.device.code())).body.valid);
    ctx.clock.advance(5 * MIN);
    const second = await verify(ctx, far.owner, w.device.code());
    t.true(second.body.valid);
    t.true(second.body.flagged);
    const ofB = await api(ctx).get('/till/alerts', w.officerB);
    const ofA = await api(ctx).get('/till/alerts', w.officerA);
    const ofC = await api(ctx).get('/till/alerts', w.officerC);
    const ids = (r: { body: { alerts: Array<{ verificationId: number; holder: { id: number } }> } }) =>
      r.body.alerts.filter((x) => x.holder.id === w.holder.id).map((x) => x.verificationId);
    t.deepEqual(ids(ofB), [second.body.id], "the shop's community");
    t.deepEqual(ids(ofA), [second.body.id], "the holder's community");
    t.deepEqual(ids(ofC), []);
  },
);
