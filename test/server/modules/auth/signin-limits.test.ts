import test from 'ava';
import { createTestContext, type TestContext } from '../../../helpers/context';

/**
 * Progressive delays, per username+address and per address, never a lock. The app trusts
 * X-Forwarded-For here (TRUST_PROXY), so each request can come from the address the test chooses.
 */
const FREE = 5;
const ADDRESS_FREE = 40;
const MAX_DELAY = 16;
let ctx: TestContext;
let seq = 0;
const PASSWORD = 'officer password 1';

test.before(async () => {
  ctx = await createTestContext({
    TRUST_PROXY: 'true',
    SIGNIN_MAX_FAILURES: String(FREE),
    SIGNIN_ADDRESS_MAX_FAILURES: String(ADDRESS_FREE),
    SIGNIN_MAX_DELAY_SECONDS: String(MAX_DELAY),
  });
});
test.after.always(async () => {
  await ctx?.close();
});

async function officer() {
  const c = await ctx.addCommunity();
  const username = `limits-officer-${++seq}-${process.pid}`;
  await ctx.addUser('officer', c.id, { username, password: PASSWORD });
  return username;
}

let net = 0;
/** A fresh address of the documentation ranges, so tests do not share counters. */
const address = () => `198.51.${Math.floor(++net / 250)}.${(net % 250) + 1}`;

const signIn = (username: string, password: string, from: string) =>
  ctx.request().post('/api/v1/auth/password').set('X-Forwarded-For', from).send({ username, password });

test.serial(
  `after ${FREE} failures from one address, each next attempt waits 1, 2, 4 … s, capped`,
  async (t) => {
    const username = await officer();
    const from = address();
    for (let i = 0; i < FREE; i++)
      t.is((await signIn(username, `wrong ${i}`, from)).status, 401, `attempt ${i}`);
    // Too early, even with the right password: the password is not even checked.
    const early = await signIn(username, PASSWORD, from);
    t.is(early.status, 429, JSON.stringify(early.body));
    t.is(early.body.error.code, 'auth.rate_limited');
    t.is(early.body.error.meta.retryAfterSeconds, 1);
    t.is(early.headers['retry-after'], '1');
    t.falsy(early.body.token);
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const wait = Number((await signIn(username, 'still wrong', from)).headers['retry-after']);
      waits.push(wait);
      ctx.clock.advance(wait * 1000);
      t.is((await signIn(username, 'still wrong', from)).status, 401, 'heard once the wait is over');
    }
    t.deepEqual(waits, [1, 2, 4, 8, 16, MAX_DELAY], 'doubling, up to the cap');
    // Refused attempts do not make the wait longer.
    const a = await signIn(username, 'x', from);
    const b = await signIn(username, 'x', from);
    t.is(a.status, 429);
    t.is(b.headers['retry-after'], a.headers['retry-after']);
    ctx.clock.advance(MAX_DELAY * 1000);
    const ok = await signIn(username, PASSWORD, from);
    t.is(ok.status, 200, 'never locked: the right password after the wait works');
    // A correct password clears the pair: the next failures start from free attempts again.
    for (let i = 0; i < FREE; i++) t.is((await signIn(username, 'wrong', from)).status, 401);
  },
);

test.serial(
  "an attacker's failures on the officer's username from one address do not stop the officer elsewhere",
  async (t) => {
    const username = await officer();
    const attacker = address();
    for (let i = 0; i < FREE + 3; i++) {
      await signIn(username, `guess ${i}`, attacker);
      ctx.clock.advance(100);
    }
    t.is((await signIn(username, PASSWORD, attacker)).status, 429, 'the attacker is slowed down');
    // The officer, from the office, at once: no wait at all.
    const office = address();
    const r = await signIn(username, PASSWORD, office);
    t.is(r.status, 200, JSON.stringify(r.body));
    // Even the officer's own typos from the office get their free attempts.
    for (let i = 0; i < FREE - 1; i++) t.is((await signIn(username, 'typo', office)).status, 401);
    t.is((await signIn(username, PASSWORD, office)).status, 200);
    // The username in another case is the same pair.
    t.is((await signIn(username.toUpperCase(), PASSWORD, attacker)).status, 429);
  },
);

test.serial('a shared address with many different users stays usable', async (t) => {
  const wifi = address();
  // 35 people at an event behind one address, each with a typo before the right password, then each
  // signing in twice more (another device): 140 attempts, more than seven times one username's free
  // attempts and beyond the address's budget of 40 — but only failures count against the address
  // (a correct password gives its attempt back), and each person is their own username+address pair.
  const people = await Promise.all(Array.from({ length: 35 }, () => officer()));
  for (const username of people) {
    t.is((await signIn(username, 'typo', wifi)).status, 401);
    const r = await signIn(username, PASSWORD, wifi);
    t.is(r.status, 200, `${username}: ${JSON.stringify(r.body)}`);
  }
  for (const username of people) {
    for (let i = 0; i < 2; i++) t.is((await signIn(username, PASSWORD, wifi)).status, 200);
  }
  // A few more typos still fit the budget.
  for (const username of people.slice(0, 4)) t.is((await signIn(username, 'typo', wifi)).status, 401);
  t.is((await signIn(people[0]!, PASSWORD, wifi)).status, 200);
});

test.serial('one address guessing many usernames gets the address budget, then delays', async (t) => {
  const victim = await officer();
  const from = address();
  for (let i = 0; i < ADDRESS_FREE; i++) {
    t.is((await signIn(`nobody-${i}`, 'guess', from)).status, 401, `attempt ${i}`);
  }
  const limited = await signIn(victim, PASSWORD, from);
  t.is(limited.status, 429);
  t.is(limited.body.error.code, 'auth.rate_limited');
  t.is(limited.headers['retry-after'], '1');
  // Other addresses are not affected.
  t.is((await signIn(victim, PASSWORD, address())).status, 200);
  // The counts are forgotten after the window without an attempt.
  ctx.clock.advance(ctx.config.signin.windowSeconds * 1000 + 1000);
  t.is((await signIn(victim, PASSWORD, from)).status, 200);
});

test.serial('without a trusted proxy, X-Forwarded-For does not choose the address', async (t) => {
  const other = await createTestContext({ SIGNIN_MAX_FAILURES: '2' });
  try {
    const c = await other.addCommunity();
    await other.addUser('officer', c.id, { username: 'proxyless', password: PASSWORD });
    const go = (from: string, password: string) =>
      other
        .request()
        .post('/api/v1/auth/password')
        .set('X-Forwarded-For', from)
        .send({ username: 'proxyless', password });
    t.is((await go('203.0.113.1', 'x')).status, 401);
    t.is((await go('203.0.113.2', 'x')).status, 401);
    const r = await go('203.0.113.3', PASSWORD);
    t.is(r.status, 429, 'the same socket address, whatever the header says');
  } finally {
    await other.close();
  }
});
