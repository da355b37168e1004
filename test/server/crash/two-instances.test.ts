/**
 * Two API processes on one PostgreSQL database, as behind a load balancer. Nothing that must hold
 * once may live in a process: a till code used at A is refused at B, a volunteer checks in once with a
 * code whichever process answers, and the rate and sign-in failure limits count across both.
 * Runs with TEST_DATABASE_URL (npm run test:pg); skipped on PGlite, which is single-process.
 */
import fs from 'node:fs';
import { tillCode, tillStep } from '@timebank/shared';
import test from 'ava';
import { eq, sql } from 'drizzle-orm';
import supertest from 'supertest';
import type { Database } from '../../../server/src/db/client';
import { activities } from '../../../server/src/modules/activities/activities.table';
import { hashPassword } from '../../../server/src/modules/auth/passwords';
import { communities, districts } from '../../../server/src/modules/communities/communities.table';
import { insertUser } from '../../../server/src/modules/users/users.repository';
import { applicationBody } from '../../helpers/alliance';
import {
  call,
  createPgDatabase,
  localApp,
  makeKeys,
  openDatabase,
  type ServerProcess,
  startServer,
  tmpDir,
} from './harness';

const pgUrl = process.env.TEST_DATABASE_URL;
const cleanups: Array<() => unknown> = [];
const teardown = { teardown: (fn: () => unknown) => void cleanups.unshift(fn) };
test.after.always(async () => {
  for (const fn of cleanups) await fn();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Fixed windows: start a counting test well inside one, so it cannot straddle two. */
async function insideWindow(windowSeconds: number, needSeconds: number) {
  const left = windowSeconds - ((Date.now() / 1000) % windowSeconds);
  if (left < needSeconds) await sleep(left * 1000 + 200);
}

const PASSWORD = 'correct horse battery 9';

interface World {
  a: ServerProcess;
  b: ServerProcess;
  database: Database;
  officer: { id: number; username: string; token: string };
  staffToken: string;
  device: { deviceId: string; secretHex: string };
  activityId: number;
  volunteers: string[];
}
let world: World | undefined;

if (pgUrl) {
  test.before(async () => {
    const keys = makeKeys();
    const url = await createPgDatabase(teardown, pgUrl);
    const database = await openDatabase({ databaseUrl: url });
    cleanups.unshift(() => database.close());
    const app = localApp(database, keys);
    const db = database.db;
    const [d] = await db.insert(districts).values({ name: '新都区' }).returning();
    const [c] = await db
      .insert(communities)
      .values({
        districtId: d!.id,
        name: '桂湖社区',
        code: `TW${process.pid}`,
        certificateThreshold: 300,
        defaultPointsPerHour: 100,
      })
      .returning();
    const communityId = c!.id;
    const username = `two-officer-${process.pid}`;
    const o = await insertUser(db, {
      communityId,
      role: 'officer',
      displayName: '陈主任',
      username,
      passwordHash: await hashPassword(PASSWORD),
    });
    const officer = { id: o.id, role: o.role, communityId };
    const sign = (u: { id: number; role: typeof o.role; communityId: number }) =>
      app.tokens.signSession({ userId: u.id, role: u.role, communityId: u.communityId }).token;
    const volunteer = async (n: number) => {
      const v = await insertUser(db, {
        communityId,
        role: 'volunteer',
        displayName: `志愿者${n}`,
        wechatOpenid: `two-${process.pid}-${n}`,
      });
      return { id: v.id, role: v.role, communityId, token: sign(v) };
    };

    // A certified volunteer (3 hours credited by hand) who opens the certificate on a phone.
    const past = await app.services.activities.createActivity(officer, {
      title: '为老人助浴',
      category: 'elder_bathing',
      description: '',
      place: { name: '照料中心', lat: 30.8236, lng: 104.1589 },
      startsAt: new Date(Date.now() - 4 * 3600_000).toISOString(),
      endsAt: new Date(Date.now() - 3600_000).toISOString(),
      capacity: 10,
      pointsPerHour: 1,
      repeatWeeks: 1,
    } as never);
    await db.update(activities).set({ status: 'published' }).where(eq(activities.id, past.activity.id));
    const holder = await volunteer(0);
    await app.services.attendance.addManualAttendance(officer, {
      activityId: past.activity.id,
      userId: holder.id,
      minutes: 180,
      reason: '纸质签到',
      evidenceNote: '签到表',
    });
    const local = () => supertest(app.app.callback());
    const opened = await local()
      .post('/api/v1/me/till-device')
      .set('authorization', `Bearer ${holder.token}`)
      .send({ label: '手机' });
    if (opened.status !== 201) throw new Error(`device: ${opened.status} ${JSON.stringify(opened.body)}`);

    // An active merchant of the alliance and its owner at the till.
    const applied = await local().post('/api/v1/merchants/applications').send(applicationBody(communityId));
    if (applied.status !== 201) throw new Error(`apply: ${applied.status} ${JSON.stringify(applied.body)}`);
    const approved = await local()
      .post(`/api/v1/merchants/${applied.body.merchant.id}/transitions`)
      .set('authorization', `Bearer ${sign(officer)}`)
      .send({ action: 'approve', reason: '证照齐全，信誉良好' });
    if (approved.status !== 200) throw new Error(`approve: ${approved.status}`);

    // An activity starting in 10 minutes: check-in is open now.
    const now = await app.services.activities.createActivity(officer, {
      title: '陪老人散步',
      category: 'elder_bathing',
      description: '',
      place: { name: '紫瑞公园', lat: 30.8236, lng: 104.1589 },
      startsAt: new Date(Date.now() + 10 * 60_000).toISOString(),
      endsAt: new Date(Date.now() + 130 * 60_000).toISOString(),
      capacity: 50,
      pointsPerHour: 1,
      repeatWeeks: 1,
    } as never);
    await app.services.activities.publishActivity(officer, now.activity.id);
    const volunteers = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => volunteer(n)));

    const dirA = tmpDir('tb-two-a-');
    const dirB = tmpDir('tb-two-b-');
    cleanups.push(() => {
      for (const dir of [dirA, dirB]) fs.rmSync(dir, { recursive: true, force: true });
    });
    const [a, b] = await Promise.all([
      startServer(teardown, { keys, dataDir: dirA, databaseUrl: url }),
      startServer(teardown, { keys, dataDir: dirB, databaseUrl: url }),
    ]);
    world = {
      a,
      b,
      database,
      officer: { id: o.id, username, token: sign(officer) },
      staffToken: applied.body.token,
      device: opened.body,
      activityId: now.activity.id,
      volunteers: volunteers.map((v) => v.token),
    };
  });
}

const pgTest = pgUrl ? test.serial : test.skip;

pgTest('the two processes are distinct and share one database', async (t) => {
  const { a, b } = world!;
  t.not(a.origin, b.origin);
  t.not(a.child.pid, b.child.pid);
  for (const s of [a, b]) {
    const r = await fetch(`${s.origin}/ready`);
    t.deepEqual(await r.json(), { status: 'ready', database: 'postgres' });
  }
});

pgTest(
  'a till code accepted at A is refused at B as reused; at once at both, exactly one is valid',
  async (t) => {
    const { a, b, staffToken, device } = world!;
    // Both steps the server accepts (this one and the previous), so the test needs 5 s left of this step.
    const left = 30_000 - (Date.now() % 30_000);
    if (left < 5_000) await sleep(left + 200);
    const now = Date.now();
    const current = tillCode(device.deviceId, device.secretHex, now);
    const previous = tillCode(device.deviceId, device.secretHex, now - 30_000);
    t.not(current, previous);
    t.is(tillStep(now) - 1, tillStep(now - 30_000));

    const atA = await call(a.origin, 'POST', '/verifications', staffToken, { code: current });
    t.is(atA.status, 200, JSON.stringify(atA.body));
    t.true(atA.body.valid, JSON.stringify(atA.body));
    const atB = await call(b.origin, 'POST', '/verifications', staffToken, { code: current });
    t.is(atB.status, 200);
    t.false(atB.body.valid);
    t.is(atB.body.reason, 'verify.code_reused');

    const both = await Promise.all(
      [a, b, a, b].map((s) => call(s.origin, 'POST', '/verifications', staffToken, { code: previous })),
    );
    t.deepEqual(
      both.map((r) => r.status),
      [200, 200, 200, 200],
    );
    t.is(both.filter((r) => r.body.valid === true).length, 1, JSON.stringify(both.map((r) => r.body)));
    t.deepEqual(
      both.filter((r) => r.body.valid === false).map((r) => r.body.reason),
      ['verify.code_reused', 'verify.code_reused', 'verify.code_reused'],
    );
  },
);

pgTest(
  'a check-in code signed by A is good at B, and each volunteer checks in once whichever answers',
  async (t) => {
    const { a, b, officer, activityId, volunteers, database } = world!;
    const codeReply = await call(a.origin, 'GET', `/activities/${activityId}/checkin-code`, officer.token);
    t.is(codeReply.status, 200, JSON.stringify(codeReply.body));
    const body = { code: codeReply.body.code as string, activityId, lat: 30.8236, lng: 104.1589 };

    const first = await call(a.origin, 'POST', '/checkins', volunteers[0], body);
    t.is(first.status, 201, JSON.stringify(first.body));
    const again = await call(b.origin, 'POST', '/checkins', volunteers[0], body);
    t.is(again.status, 409);
    t.is(again.body.error.code, 'checkins.already_checked_in');

    const atB = await call(b.origin, 'POST', '/checkins', volunteers[1], body);
    t.is(atB.status, 201, "A's code is good at B");

    // Volunteers 3 and 4 send the same check-in to both processes at once.
    const racing = await Promise.all(
      [2, 3].flatMap((v) =>
        [a, b, a, b].map((s) => call(s.origin, 'POST', '/checkins', volunteers[v], body)),
      ),
    );
    for (const group of [racing.slice(0, 4), racing.slice(4)]) {
      t.deepEqual(
        group.map((r) => r.status).sort(),
        [201, 409, 409, 409],
        JSON.stringify(group.map((r) => r.body)),
      );
      for (const r of group.filter((x) => x.status === 409))
        t.is(r.body.error.code, 'checkins.already_checked_in');
    }
    const rows = (await database.db.execute(
      sql`SELECT user_id, count(*)::int AS n FROM attendances WHERE activity_id = ${activityId} GROUP BY user_id`,
    )) as unknown as { rows: Array<{ n: number }> };
    t.is(rows.rows.length, 4);
    t.true(rows.rows.every((r) => r.n === 1));
  },
);

pgTest(
  'a route limit counts across both: alternating A and B, request 31 of 30 a minute is 429',
  async (t) => {
    const { a, b, volunteers } = world!;
    await insideWindow(60, 15);
    const statuses: number[] = [];
    const codes: string[] = [];
    for (let i = 0; i < 34; i++) {
      // A well-formed code that matches nothing: counted (it passed validation), nothing is written.
      const r = await call((i % 2 ? b : a).origin, 'POST', '/checkins', volunteers[4], {
        code: 'not-a-code',
      });
      statuses.push(r.status);
      codes.push(r.body?.error?.code);
    }
    t.deepEqual(statuses.slice(0, 30), Array(30).fill(400), JSON.stringify(codes));
    t.deepEqual(statuses.slice(30), [429, 429, 429, 429]);
    t.deepEqual(codes.slice(30), ['rate_limited', 'rate_limited', 'rate_limited', 'rate_limited']);
    // Another volunteer is not affected.
    const other = await call(b.origin, 'POST', '/checkins', volunteers[5], { code: 'not-a-code' });
    t.is(other.status, 400);
  },
);

pgTest('sign-in failures count across both: the sixth attempt, at either, is refused', async (t) => {
  const { a, b, officer } = world!;
  await insideWindow(900, 20);
  const tries: Array<{ status: number; code: string }> = [];
  for (let i = 0; i < 5; i++) {
    const r = await call((i % 2 ? b : a).origin, 'POST', '/auth/password', undefined, {
      username: officer.username,
      password: `wrong-${i}`,
    });
    tries.push({ status: r.status, code: r.body?.error?.code });
  }
  t.deepEqual(
    tries.map((x) => x.status),
    [401, 401, 401, 401, 401],
  );
  for (const s of [b, a]) {
    const r = await call(s.origin, 'POST', '/auth/password', undefined, {
      username: officer.username,
      password: PASSWORD,
    });
    t.is(r.status, 429, 'even the right password waits out the window');
    t.is(r.body.error.code, 'auth.rate_limited');
  }
});
