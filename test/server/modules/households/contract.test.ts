/**
 * The households routes' response schemas: each role's view admits only what that role may see, so
 * an officer-only field in a proxy's answer fails the test-time check instead of reaching a phone.
 */
import {
  helpRequestOut,
  helpRequestsListOut,
  householdDetailOut,
  householdOut,
  householdProxyDetailOut,
  householdsListOut,
  householdsMineOut,
} from '@timebank/shared';
import test from 'ava';
import { createTestContext, type TestContext } from '../../../helpers/context';
import { addProxy, raise, registerHousehold } from './support';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

const api = (path: string) => `/api/v1${path}`;
const issuePaths = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; code: string }[] } }) =>
  (r.error?.issues ?? []).map((i) => `${i.path.join('.')}:${i.code}`).sort();

test.serial("a proxy's view of a household refuses everything only its officers may see", async (t) => {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const daughter = await ctx.addUser('volunteer', c.id, { displayName: '李梅' });
  const hid = await registerHousehold(ctx, officer);
  await addProxy(ctx, officer, hid, daughter);
  await raise(ctx, daughter, hid);

  const asOfficer = await ctx
    .request()
    .get(api(`/households/${hid}`))
    .set(officer.auth);
  t.is(asOfficer.status, 200, JSON.stringify(asOfficer.body));
  t.true(householdDetailOut.safeParse(asOfficer.body).success);
  // The officer's answer, had it gone to the proxy: every personal field and the proxies list refused.
  t.deepEqual(issuePaths(householdProxyDetailOut.safeParse(asOfficer.body)), [
    ':unrecognized_keys',
    'household:unrecognized_keys',
  ]);
  const leaked = householdProxyDetailOut.safeParse(asOfficer.body);
  const keys = (leaked.error?.issues ?? []).flatMap((i) => ('keys' in i ? (i.keys as string[]) : []));
  t.deepEqual(keys.sort(), [
    'communityId',
    'consent',
    'createdAt',
    'notes',
    'phone',
    'proxies',
    'withdrawalReason',
    'withdrawnAt',
  ]);

  const asProxy = await ctx
    .request()
    .get(api(`/me/households/${hid}`))
    .set(daughter.auth);
  t.is(asProxy.status, 200, JSON.stringify(asProxy.body));
  t.true(householdProxyDetailOut.safeParse(asProxy.body).success);
  t.deepEqual(Object.keys(asProxy.body.household).sort(), ['address', 'category', 'id', 'label', 'status']);

  const mine = await ctx.request().get(api('/me/households')).set(daughter.auth);
  t.true(householdsMineOut.safeParse(mine.body).success);
  const withPhone = { households: [{ ...mine.body.households[0], phone: '028-83990000' }] };
  t.deepEqual(issuePaths(householdsMineOut.safeParse(withPhone)), ['households.0:unrecognized_keys']);
});

test.serial(
  'an archived household answers with its personal fields null, in every officer view',
  async (t) => {
    const c = await ctx.addCommunity();
    const officer = await ctx.addUser('officer', c.id);
    const hid = await registerHousehold(ctx, officer);
    const rid = await raise(ctx, officer, hid);

    const withdrawn = await ctx
      .request()
      .post(api(`/households/${hid}/withdraw-consent`))
      .set(officer.auth)
      .send({ reason: '本人要求' });
    t.is(withdrawn.status, 200, JSON.stringify(withdrawn.body));
    t.true(householdOut.safeParse(withdrawn.body).success);
    t.like(withdrawn.body, { status: 'archived', label: null, address: null, phone: null, notes: null });

    const list = await ctx.request().get(api('/households?status=archived')).set(officer.auth);
    t.true(householdsListOut.safeParse(list.body).success);
    const reqs = await ctx.request().get(api('/help-requests')).set(officer.auth);
    t.true(helpRequestsListOut.safeParse(reqs.body).success);
    const [req] = reqs.body.requests;
    t.like(req, { id: rid, status: 'cancelled', details: '', household: { id: hid, label: null } });
    const { household: _, ...bare } = req;
    t.true(helpRequestOut.safeParse(bare).success, 'the list adds only the household to a request');
  },
);
