import test from 'ava';
import { AppError } from '../../../server/src/http/errors';
import {
  authorize,
  authorizeCommunity,
  authorizeResource,
  can,
  canOn,
} from '../../../server/src/policy/policy';
import { createTestContext, type TestContext } from '../../helpers/context';

let ctx: TestContext;
test.before(async () => {
  ctx = await createTestContext();
});
test.after.always(async () => {
  await ctx?.close();
});

const code = (err: unknown) => (err instanceof AppError ? err.code : String(err));

test('the role part: anonymous, signed-in and listed roles', (t) => {
  t.true(can(undefined, 'auth.signin'));
  t.false(can(undefined, 'me.read'));
  t.true(can({ role: 'merchant_staff' }, 'me.read'));
  t.true(can({ role: 'officer' }, 'attendance.review'));
  t.true(can({ role: 'district_admin' }, 'attendance.review'));
  t.false(can({ role: 'volunteer' }, 'attendance.review'));
  t.false(can({ role: 'district_admin' }, 'households.manage'));
  t.is(code(t.throws(() => authorize(undefined, 'attendance.review'))), 'auth.required');
  t.is(code(t.throws(() => authorize({ role: 'volunteer' }, 'attendance.review'))), 'auth.forbidden');
});

test('the resource part: own community, the district, the owner; outside is the missing code', async (t) => {
  const a = await ctx.addCommunity();
  const a2 = await ctx.addCommunity(undefined, { districtId: a.districtId });
  const b = await ctx.addCommunity();
  const officer = { id: 1, role: 'officer' as const, communityId: a.id };
  const admin = { id: 2, role: 'district_admin' as const, communityId: a2.id };
  const volunteer = { id: 3, role: 'volunteer' as const, communityId: a.id };
  const db = ctx.db;
  t.true(await canOn(db, officer, 'cases.manage', { communityId: a.id }));
  t.false(await canOn(db, officer, 'cases.manage', { communityId: a2.id }));
  t.true(await canOn(db, admin, 'cases.manage', { communityId: a.id }));
  t.false(await canOn(db, admin, 'cases.manage', { communityId: b.id }));
  // the owner: a volunteer only on their own, staff on anyone's of the community
  t.true(await canOn(db, volunteer, 'records.issue', { communityId: a.id, userId: 3 }));
  t.false(await canOn(db, volunteer, 'records.issue', { communityId: a.id, userId: 4 }));
  t.true(await canOn(db, officer, 'records.issue', { communityId: a.id, userId: 4 }));
  const outside = await t.throwsAsync(
    authorizeResource(db, officer, 'cases.manage', { communityId: b.id }, 'cases.not_found'),
  );
  t.is(code(outside), 'cases.not_found');
  const wrongRole = await t.throwsAsync(
    authorizeResource(db, volunteer, 'cases.manage', { communityId: a.id }, 'cases.not_found'),
  );
  t.is(code(wrongRole), 'auth.forbidden');
  // a community the caller names: nothing to hide
  const named = await t.throwsAsync(authorizeCommunity(db, officer, 'dashboard.read', b.id));
  t.is(code(named), 'auth.wrong_community');
  await t.notThrowsAsync(authorizeCommunity(db, admin, 'dashboard.read', a.id));
});
