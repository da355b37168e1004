import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import test from 'ava';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { migrationsFolder } from '../../../server/src/db/client';

/** The migrations up to and including `lastTag`, as a folder of their own. */
function migrationsUpTo(lastTag: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-migrations-'));
  fs.cpSync(migrationsFolder, dir, { recursive: true });
  const file = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(file, 'utf8'));
  const at = journal.entries.findIndex((e: { tag: string }) => e.tag === lastTag);
  if (at < 0) throw new Error(`no migration ${lastTag}`);
  journal.entries = journal.entries.slice(0, at + 1);
  fs.writeFileSync(file, JSON.stringify(journal));
  return dir;
}

test('0010 gives each earlier minutes-only confirmation and adjustment its ledger line; lifetime minutes follow', async (t) => {
  const pg = await PGlite.create();
  t.teardown(() => pg.close());
  const db = drizzle(pg, { casing: 'snake_case' });
  await migrate(db, { migrationsFolder: migrationsUpTo('0009_activity_attended_count') });
  // The state an adjustment of 120 → 117 minutes at 0.1 point an hour left before 0010: the attendance
  // says 117 minutes, the only line (and the account) still 120; the points (0.2) never changed.
  await pg.exec(`
    INSERT INTO districts (id, name) OVERRIDING SYSTEM VALUE VALUES (1, '区');
    INSERT INTO communities (id, district_id, name, code, certificate_threshold, default_points_per_hour)
      OVERRIDING SYSTEM VALUE VALUES (1, 1, '社区', 'C1', 300, 10);
    INSERT INTO users (id, community_id, role, display_name, username) OVERRIDING SYSTEM VALUE
      VALUES (1, 1, 'officer', '书记', 'officer-1'), (2, 1, 'volunteer', '王阿姨', NULL),
             (3, 1, 'volunteer', '李师傅', NULL), (4, 1, 'volunteer', '张同学', NULL);
    INSERT INTO activities (id, community_id, title, category, place_name, lat, lng, starts_at, ends_at,
                            capacity, points_per_hour, status, created_by) OVERRIDING SYSTEM VALUE
      VALUES (1, 1, '助浴', 'elder_bathing', '照料中心', 30.8, 104.1, '2026-11-20T01:00Z', '2026-11-20T03:00Z', 5, 10,
              'published', 1);
    INSERT INTO attendances (id, community_id, activity_id, user_id, source, status, check_in_at, check_out_at,
                             minutes_override, override_reason, credited_minutes, credited_points, confirmed_by,
                             confirmed_at) OVERRIDING SYSTEM VALUE
      VALUES (1, 1, 1, 2, 'checkin', 'confirmed', '2026-11-20T01:00Z', '2026-11-20T03:00Z', 117, '提前离开', 117, 20,
              1, '2026-11-20T04:00Z'),
             (2, 1, 1, 3, 'checkin', 'confirmed', '2026-11-20T01:00Z', '2026-11-20T03:00Z', 60, '补记', 60, 10,
              1, '2026-11-20T04:00Z'),
             (3, 1, 1, 4, 'checkin', 'confirmed', '2026-11-20T01:00Z', '2026-11-20T01:02Z', NULL, NULL, 2, 0,
              1, '2026-11-20T04:00Z');
    INSERT INTO accounts (user_id, community_id, balance, lifetime_earned, lifetime_minutes)
      VALUES (2, 1, 20, 20, 120), (3, 1, 10, 10, 60);
    INSERT INTO ledger_entries (account_id, community_id, amount, minutes, kind, reason, source_type, source_id,
                                source_key, activity_id, caused_by, balance_after, created_at)
      VALUES (2, 1, 20, 120, 'earn', '参加活动：助浴', 'attendance', 1, 'attendance:1', 1, 1, 20, '2026-11-20T04:00Z'),
             (3, 1, 20, 120, 'earn', '参加活动：助浴', 'attendance', 2, 'attendance:2', 1, 1, 20, '2026-11-20T04:00Z'),
             (3, 1, -10, -60, 'correction', '更正：补记', 'adjustment', 2, 'adjustment:2', 1, 1, 10, '2026-11-21T02:00Z');
    INSERT INTO attendance_adjustments (id, attendance_id, minutes_before, minutes_after, points_delta, reason,
                                        created_by, created_at) OVERRIDING SYSTEM VALUE
      VALUES (1, 1, 120, 117, 0, '提前离开', 1, '2026-11-21T02:00Z'),
             (2, 2, 120, 60, -10, '补记', 1, '2026-11-21T02:00Z');
  `);

  await migrate(db, { migrationsFolder });

  const lines = await pg.query<Record<string, unknown>>(
    `SELECT account_id, amount, minutes, kind, reason, source_key, balance_after, created_at
       FROM ledger_entries ORDER BY id`,
  );
  t.is(lines.rows.length, 5);
  // Two minutes at 0.1 point an hour round to no points: the confirmation's line has the minutes.
  t.like(lines.rows[3], {
    account_id: 4,
    amount: 0,
    minutes: 2,
    kind: 'earn',
    reason: '参加活动：助浴',
    source_key: 'attendance:3',
    balance_after: 0,
  });
  t.like(lines.rows[4], {
    account_id: 2,
    amount: 0,
    minutes: -3,
    kind: 'correction',
    reason: '更正：提前离开',
    source_key: 'adjustment:1',
    balance_after: 20,
  });
  t.is((lines.rows[4]!.created_at as Date).toISOString(), '2026-11-21T02:00:00.000Z');
  const accounts = await pg.query<Record<string, unknown>>(
    'SELECT user_id, balance, lifetime_earned, lifetime_minutes FROM accounts ORDER BY user_id',
  );
  // The volunteer whose adjustment already had its line is as it was.
  t.deepEqual(accounts.rows, [
    { user_id: 2, balance: 20, lifetime_earned: 20, lifetime_minutes: 117 },
    { user_id: 3, balance: 10, lifetime_earned: 10, lifetime_minutes: 60 },
    { user_id: 4, balance: 0, lifetime_earned: 0, lifetime_minutes: 2 },
  ]);
  // The dashboards' daily rollup counted the new line on the adjustment's day.
  const day = await pg.query<Record<string, unknown>>(
    `SELECT minutes::int AS minutes, lines FROM ledger_daily WHERE day = '2026-11-21'`,
  );
  t.deepEqual(day.rows, [{ minutes: -60 - 3, lines: 2 }]);
});

test('0020 gives enrolments and attendance adjustments their parent’s community', async (t) => {
  const pg = await PGlite.create();
  t.teardown(() => pg.close());
  const db = drizzle(pg, { casing: 'snake_case' });
  await migrate(db, { migrationsFolder: migrationsUpTo('0017_photos') });
  await pg.exec(`
    INSERT INTO districts (id, name) OVERRIDING SYSTEM VALUE VALUES (1, '新都区');
    INSERT INTO communities (id, district_id, name, code, certificate_threshold, default_points_per_hour)
      OVERRIDING SYSTEM VALUE VALUES (1, 1, '甲社区', 'A1', 300, 100), (2, 1, '乙社区', 'B2', 300, 100);
    INSERT INTO users (id, community_id, role, display_name, username) OVERRIDING SYSTEM VALUE
      VALUES (1, 1, 'officer', '社工甲', 'o1'), (2, 2, 'officer', '社工乙', 'o2');
    INSERT INTO users (id, community_id, role, display_name, wechat_openid) OVERRIDING SYSTEM VALUE
      VALUES (3, 1, 'volunteer', '甲', 'w3'), (4, 2, 'volunteer', '乙', 'w4');
  `);
  // One activity in each community, each with an enrolment and an adjusted attendance.
  for (const [id, c, officer, volunteer] of [
    [1, 1, 1, 3],
    [2, 2, 2, 4],
  ]) {
    await pg.exec(`
      INSERT INTO activities (id, community_id, title, category, place_name, lat, lng, starts_at, ends_at,
                              capacity, points_per_hour, status, created_by) OVERRIDING SYSTEM VALUE
        VALUES (${id}, ${c}, '助浴', 'elder_bathing', '照料中心', 30.8, 104.1, '2026-11-20T01:00Z',
                '2026-11-20T03:00Z', 5, 10, 'published', ${officer});
      INSERT INTO enrolments (activity_id, user_id) VALUES (${id}, ${volunteer});
      INSERT INTO attendances (id, community_id, activity_id, user_id, source, status, check_in_at, check_out_at)
        OVERRIDING SYSTEM VALUE VALUES (${id}, ${c}, ${id}, ${volunteer}, 'checkin', 'checked_out',
                                        '2026-11-20T01:00Z', '2026-11-20T03:00Z');
      INSERT INTO attendance_adjustments (attendance_id, minutes_before, minutes_after, points_delta, reason, created_by)
        VALUES (${id}, 120, 90, 0, '提前离开', ${officer});
    `);
  }

  await migrate(db, { migrationsFolder });

  const e = await pg.query(`SELECT activity_id, community_id FROM enrolments ORDER BY activity_id`);
  t.deepEqual(e.rows, [
    { activity_id: 1, community_id: 1 },
    { activity_id: 2, community_id: 2 },
  ]);
  const a = await pg.query(
    `SELECT attendance_id, community_id FROM attendance_adjustments ORDER BY attendance_id`,
  );
  t.deepEqual(a.rows, [
    { attendance_id: 1, community_id: 1 },
    { attendance_id: 2, community_id: 2 },
  ]);
  // Required from now on.
  await t.throwsAsync(pg.query(`INSERT INTO enrolments (activity_id, user_id) VALUES (1, 4)`), {
    message: /community_id/,
  });
});
