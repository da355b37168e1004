/**
 * The short check-in code `TBC.<activity>.<6 digits>` (what the QR code carries) and the six digits
 * alone (typed by hand after choosing the activity): same 30-second slots and 45-second life as the
 * signed code, bound to one activity, useless without the server's key.
 */
import test from 'ava';
import { createTestContext, publishedActivity, type TestContext } from '../../../helpers/context';
import { alignClock, api, assertError } from './support';

let ctx: TestContext;
let http: ReturnType<typeof api>;
test.before(async () => {
  ctx = await createTestContext();
  http = api(ctx);
});
test.after.always(async () => {
  await ctx?.close();
});

const PLACE = { lat: 30.8236, lng: 104.1589 };

async function setup() {
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const volunteers = await Promise.all([1, 2, 3, 4, 5].map(() => ctx.addUser('volunteer', c.id)));
  alignClock(ctx);
  const id = await publishedActivity(ctx, officer, {}, 10, 60);
  const other = await publishedActivity(ctx, officer, { title: '另一场' }, 10, 60);
  const code = async (activityId = id) => {
    const r = await http.get(`/activities/${activityId}/checkin-code`, officer);
    if (r.status !== 200) throw new Error(JSON.stringify(r.body));
    return r.body as { shortCode: string; digits: string; code: string };
  };
  return { officer, volunteers, id, other, code };
}

test.serial('the officer gets a short QR text and six digits that rotate with the slot', async (t) => {
  const { id, code } = await setup();
  const a = await code();
  t.regex(a.digits, /^\d{6}$/);
  t.is(a.shortCode, `TBC.${id}.${a.digits}`);
  t.true(a.shortCode.length < 24, 'a sparse QR code');
  ctx.clock.advance(29_000);
  t.is((await code()).digits, a.digits, 'same slot, same digits');
  ctx.clock.advance(1_000);
  t.not((await code()).digits, a.digits, 'next slot, new digits');
});

test.serial('the QR text checks in; the digits check in only with the activity chosen', async (t) => {
  const { officer, volunteers, id, code } = await setup();
  const [v1, v2, v3] = volunteers;
  const c = await code();
  const r1 = await http.post('/checkins', v1!, { code: c.shortCode, ...PLACE });
  t.is(r1.status, 201, JSON.stringify(r1.body));
  t.is(r1.body.activity.id, id);
  const r2 = await http.post('/checkins', v2!, {
    code: ` ${c.digits.slice(0, 3)} ${c.digits.slice(3)} `,
    activityId: id,
    ...PLACE,
  });
  t.is(r2.status, 201, JSON.stringify(r2.body));
  assertError(
    t,
    await http.post('/checkins', v3!, { code: c.digits, ...PLACE }),
    400,
    'checkins.activity_required',
  );
  const rows = (await http.get(`/activities/${id}/attendance`, officer)).body.items as {
    volunteer: { id: number };
  }[];
  t.deepEqual(rows.map((r) => r.volunteer.id).sort(), [v1!.id, v2!.id].sort());
});

test.serial('digits live 45 s, then answer code_expired; check-out uses them too', async (t) => {
  const { volunteers, id, code } = await setup();
  const [v1, v2, v3] = volunteers;
  const c = await code();
  ctx.clock.advance(44_000);
  t.is((await http.post('/checkins', v1!, { code: c.digits, activityId: id, ...PLACE })).status, 201);
  ctx.clock.advance(1_000); // exactly 45 s: gone, like the signed code
  assertError(
    t,
    await http.post('/checkins', v2!, { code: c.digits, activityId: id, ...PLACE }),
    400,
    'checkins.code_expired',
  );
  assertError(
    t,
    await http.post('/checkins', v3!, { code: c.shortCode, ...PLACE }),
    400,
    'checkins.code_expired',
  );
  ctx.clock.advance(10 * 60_000); // the activity has started: check-out is open
  const fresh = await code();
  t.is((await http.post('/checkouts', v1!, { code: fresh.shortCode, ...PLACE })).status, 200);
});

test.serial('digits of another activity, made-up digits and a forged short code are refused', async (t) => {
  const { volunteers, id, other, code } = await setup();
  const [v1] = volunteers;
  const mine = await code();
  const theirs = await code(other);
  assertError(
    t,
    await http.post('/checkins', v1!, { code: theirs.shortCode, activityId: id, ...PLACE }),
    400,
    'checkins.code_wrong_activity',
  );
  // The other activity's digits typed for this one are simply wrong digits here.
  const wrong =
    theirs.digits === mine.digits ? String((Number(mine.digits) + 1) % 1e6).padStart(6, '0') : theirs.digits;
  assertError(
    t,
    await http.post('/checkins', v1!, { code: wrong, activityId: id, ...PLACE }),
    400,
    'checkins.code_invalid',
  );
  assertError(
    t,
    await http.post('/checkins', v1!, { code: `TBC.${id}.${wrong}`, ...PLACE }),
    400,
    'checkins.code_invalid',
  );
  assertError(
    t,
    await http.post('/checkins', v1!, {
      code: `TBC.${other}.${mine.digits === theirs.digits ? wrong : mine.digits}`,
      ...PLACE,
    }),
    400,
    'checkins.code_invalid',
  );
  for (const junk of ['12345', '1234567', 'TBC.0.123456', 'TBC.x.123456', 'tbc..123456']) {
    assertError(
      t,
      await http.post('/checkins', v1!, { code: junk, activityId: id, ...PLACE }),
      400,
      'checkins.code_invalid',
    );
  }
  // One try per possible digit string would need a million requests; the route allows 30 a minute.
  t.pass();
});
