/**
 * The authorization matrix, from the declared policy of every route (its `access`): each role outside
 * the policy is refused with 403 auth.forbidden, no token with 401 auth.required, and a route open to a
 * role never answers it with a 5xx. Resources of another community are covered per module.
 */
import type { Role } from '@timebank/shared';
import test from 'ava';
import { activeMerchant } from '../../helpers/alliance';
import { createTestContext, type TestContext, type TestUser } from '../../helpers/context';

let ctx: TestContext;
let users: Record<Role, TestUser>;
test.before(async () => {
  ctx = await createTestContext();
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const shop = await activeMerchant(ctx, officer);
  users = {
    volunteer: await ctx.addUser('volunteer', c.id),
    officer,
    merchant_staff: shop.owner,
    district_admin: await ctx.addUser('district_admin', c.id),
  };
});
test.after.always(async () => {
  await ctx?.close();
});

const ROLES: Role[] = ['volunteer', 'officer', 'merchant_staff', 'district_admin'];
const concrete = (path: string) => path.replace(/:(\w+)/g, '1');

function send(method: string, path: string, user?: TestUser) {
  const r = ctx.request()[method as 'get'](path);
  if (user) r.set(user.auth);
  return method === 'get' || method === 'delete' ? r : r.send({});
}

test('every route refuses the roles its policy leaves out, and anonymous callers of non-public routes', async (t) => {
  let checked = 0;
  // Routes that end the caller's own sessions go last, so no later check meets an ended token.
  const endsSessions = (p: string) => /\/auth\/logout|\/me\/password$|\/me\/sessions\/:id$/.test(p);
  const specs = [...ctx.app.specs].sort(
    (a, b) => Number(endsSessions(a.path)) - Number(endsSessions(b.path)),
  );
  for (const spec of specs) {
    const path = concrete(spec.path);
    if (spec.access === 'public') continue;
    const anon = await send(spec.method, path);
    t.is(anon.status, 401, `${spec.method} ${spec.path} anonymous`);
    t.is(anon.body.error?.code, 'auth.required', `${spec.method} ${spec.path} anonymous`);
    for (const role of ROLES) {
      const allowed = spec.access === 'signed_in' || spec.access.includes(role);
      const r = await send(spec.method, path, users[role]);
      checked++;
      t.true(r.status < 500, `${spec.method} ${spec.path} as ${role}: ${r.status} ${JSON.stringify(r.body)}`);
      if (!allowed) {
        t.is(r.status, 403, `${spec.method} ${spec.path} as ${role}`);
        t.is(r.body.error?.code, 'auth.forbidden', `${spec.method} ${spec.path} as ${role}`);
      } else {
        t.not(
          r.body?.error?.code,
          'auth.forbidden',
          `${spec.method} ${spec.path} as ${role} is allowed by policy`,
        );
      }
    }
  }
  t.true(checked > 150, `checked ${checked}`);
});
