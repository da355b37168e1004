/**
 * `npm run bench:seed -- --database-url postgres://postgres@127.0.0.1:5432/postgres [--name db]
 *   [--communities 100 --volunteers 100000 --lines 5000000 --districts 1 --big-share 0.2]`
 *
 * Creates a fresh PostgreSQL database (the name given, or a generated one) on the server of
 * --database-url, runs the migrations and fills it at scale with set-based SQL (INSERT … SELECT over
 * generate_series, never row by row): districts with their administrators, communities with an
 * officer each, volunteers with accounts, past published activities, confirmed attendances, one
 * ledger line per attendance, the certificates the ledger earns, and the dashboards' daily rollup of
 * the ledger (ledger_daily). Prints the new database's URL.
 *
 * The data keep the invariants the services keep:
 * - every account's balance, lifetime points and lifetime minutes are the sums of its ledger lines,
 *   and each line's balance_after is the running sum of the account's lines in id order;
 * - every line comes from a confirmed attendance (source key `attendance:<id>`, unique), whose
 *   credited points and minutes it carries, dated when the attendance was confirmed;
 * - a volunteer holds a certificate exactly when lifetime points reach the community's threshold,
 *   issued when the crossing line was posted, at the level `certificateLevel` gives, with its 'issue'
 *   event, serials numbered per community in issue order;
 * - ledger_daily holds each community's lines summed per local day (its trigger does not fire in
 *   replica mode, so it is rebuilt from the lines after the load).
 * Shape: community 1 is the big one (--big-share of the volunteers, so about a million lines at the
 * full size: the ledger export measures it); the others share the rest. Volunteers come in pairs with
 * L+x and L−x lines (L = lines / volunteers), so histories run from one line to 2L−1 and some
 * volunteers stay below the threshold. Activities run over the past 360 days, 1–3 hours at one point
 * an hour; up to 40 volunteers attend each (about 20 on average). Ledger ids follow confirmation
 * time, so the communities' lines interleave as they would in use. Not seeded: enrolments,
 * notifications, merchants, checks; every certificate is active.
 *
 * Speed: the bulk load runs with session_replication_role = replica (no FK or trigger firing; the
 * ledger's append-only trigger only refuses UPDATE/DELETE anyway) and the secondary indexes and
 * unique constraints of attendances and ledger_entries are dropped and rebuilt afterwards from their
 * own definitions (pg_get_indexdef / pg_get_constraintdef), which is much faster than maintaining them
 * row by row. The invariants are then checked with SQL over the whole data (skip with --no-verify),
 * and the timings are stored as the database's comment for bench/scale.ts --seeded-url.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createDatabase } from '../server/src/db/client';

export interface ScaleSeedOptions {
  /** A connection URL to the PostgreSQL server (any database; used to CREATE DATABASE). */
  adminUrl: string;
  /** Name of the database to create; generated when omitted. It must not exist. */
  name?: string | undefined;
  communities: number;
  volunteers: number;
  lines: number;
  districts: number;
  /** Share of the volunteers in community 1 (the big community). */
  bigShare: number;
  verify: boolean;
  log?: (s: string) => void;
}

export interface ScaleSeedResult {
  url: string;
  name: string;
  seconds: number;
  steps: Array<{ step: string; seconds: number }>;
  counts: Record<string, number>;
  /** Fixture users, for sessions. */
  bigCommunityId: number;
  districtAdmin: { id: number; communityId: number };
  officer: { id: number; communityId: number };
  /** Volunteers of the big community with the longest, a middle and the shortest history. */
  volunteerSample: Array<{ id: number; communityId: number; lines: number }>;
  /** Every volunteer's id lies in this range (inclusive). */
  volunteerIds: { first: number; last: number };
  /** Export window covering every line (local dates, ≤ 366 days). */
  exportFrom: string;
  exportTo: string;
  exportLinesBig: number;
}

const DAY = 24 * 3600_000;
const HISTORY_DAYS = 360;
const TITLES = [
  ['elder_bathing', '为老人助浴'],
  ['elder_meals', '长者食堂送餐'],
  ['public_cleanup', '小区公共区域大扫除'],
  ['environmental', '垃圾分类宣传'],
  ['digital_skills', '教老人用智能手机'],
  ['other', '社区文艺汇演服务'],
] as const;

function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function localDate(t: Date) {
  return new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export async function seedScale(opts: ScaleSeedOptions): Promise<ScaleSeedResult> {
  const log = opts.log ?? ((s: string) => process.stdout.write(`${s}\n`));
  const C = opts.communities;
  const V = opts.volunteers;
  const D = Math.max(1, Math.min(opts.districts, C));
  if (C < 1 || V < C || opts.lines < V)
    throw new Error('need communities ≥ 1, volunteers ≥ communities, lines ≥ volunteers');
  const L = Math.max(1, Math.floor(opts.lines / V));
  const name = opts.name ?? `timebank_scale_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name ${name}: use [a-z0-9_]`);
  const url = withDatabase(opts.adminUrl, name);
  const started = performance.now();
  const steps: ScaleSeedResult['steps'] = [];
  let t = performance.now();
  const step = (s: string) => {
    const seconds = (performance.now() - t) / 1000;
    steps.push({ step: s, seconds: Math.round(seconds * 10) / 10 });
    log(`  ${s}: ${seconds.toFixed(1)} s`);
    t = performance.now();
  };

  const admin = new pg.Client({ connectionString: opts.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  step(`create database ${name}`);

  try {
    return await fill();
  } catch (err) {
    log(`seeding failed, dropping ${name}: ${err instanceof Error ? err.message : String(err)}`);
    const drop = new pg.Client({ connectionString: opts.adminUrl });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await drop.end();
    throw err;
  }

  async function fill(): Promise<ScaleSeedResult> {
    const database = await createDatabase({ url, poolSize: 2 });
    await database.migrate();
    await database.close();
    step('migrations');

    // Volunteers per community: community 1 takes the big share, the rest is spread evenly.
    const nBig = C === 1 ? V : Math.max(1, Math.round(V * opts.bigShare));
    const rest = V - nBig;
    const sizes = [nBig];
    for (let i = 0; i < C - 1; i++) sizes.push(Math.floor(rest / (C - 1)) + (i < rest % (C - 1) ? 1 : 0));
    const K = 2 * L - 1; // histories run from 1 to 2L−1 lines
    const now = new Date();
    const t0 = new Date(Math.floor((now.getTime() - (HISTORY_DAYS + 1) * DAY) / 60_000) * 60_000);
    const span = HISTORY_DAYS * 24 * 3600; // seconds over which the activities are spread

    // Explicit ids: district admins 1..D, officers D+1..D+C, then the volunteers community by community.
    const comm: Array<{
      c: number;
      d: number;
      officer: number;
      firstUid: number;
      n: number;
      s: number;
      a: number;
      firstAid: number;
      threshold: number;
    }> = [];
    let uid = D + C + 1;
    let aid = 1;
    for (let i = 0; i < C; i++) {
      const n = sizes[i]!;
      const s = Math.max(1, Math.round(n / 40));
      const a = s * K;
      comm.push({
        c: i + 1,
        d: (i % D) + 1,
        officer: D + i + 1,
        firstUid: uid,
        n,
        s,
        a,
        firstAid: aid,
        threshold: 300 * (1 + (i % 4)),
      });
      uid += n;
      aid += a;
    }

    const client = new pg.Client({ connectionString: url });
    client.on('error', () => {});
    await client.connect();
    const q = (text: string, values?: unknown[]) => client.query(text, values);
    await q(`SET session_replication_role = replica`).catch(() =>
      log('  (not a superuser: FK checks stay on)'),
    );
    await q(`SET synchronous_commit = off`);
    await q(`SET work_mem = '256MB'`);
    await q(`SET maintenance_work_mem = '512MB'`);

    // Drop the secondary indexes and unique constraints of the two big tables; rebuilt after the load.
    const saved = await q(
      `SELECT 'constraint' AS kind, conrelid::regclass::text AS tbl, conname AS name, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE conrelid IN ('attendances'::regclass, 'ledger_entries'::regclass) AND contype = 'u'
     UNION ALL
     SELECT 'index', i.indrelid::regclass::text, c.relname, pg_get_indexdef(i.indexrelid)
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid IN ('attendances'::regclass, 'ledger_entries'::regclass) AND NOT i.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
    );
    const rebuild = saved.rows as Array<{ kind: string; tbl: string; name: string; def: string }>;
    for (const r of rebuild) {
      if (r.kind === 'constraint') await q(`ALTER TABLE ${r.tbl} DROP CONSTRAINT "${r.name}"`);
      else await q(`DROP INDEX "${r.name}"`);
    }

    await q('BEGIN');
    // The plan of the seeding, as a temp table every statement joins.
    await q(
      `CREATE TEMP TABLE seed_comm (c int PRIMARY KEY, d int, officer int, first_uid int, n int, s int, a int, first_aid int, threshold int)`,
    );
    await q(
      `INSERT INTO seed_comm SELECT * FROM jsonb_to_recordset($1::jsonb)
       AS x(c int, d int, officer int, "firstUid" int, n int, s int, a int, "firstAid" int, threshold int)`,
      [JSON.stringify(comm)],
    );
    // Running sums by line number k: line k credits 1 + k % 3 hours at 100 hundredths an hour.
    await q(`CREATE TEMP TABLE seed_cum (k int PRIMARY KEY, amount int, cum int)`);
    await q(
      `INSERT INTO seed_cum SELECT k, 100 * (1 + k % 3), sum(100 * (1 + k % 3)) OVER (ORDER BY k) FROM generate_series(0, $1::int - 1) k`,
      [K],
    );

    await q(
      `INSERT INTO districts (id, name, created_at) OVERRIDING SYSTEM VALUE
     SELECT d, '区' || d, $1::timestamptz FROM generate_series(1, $2::int) d`,
      [t0, D],
    );
    await q(
      `INSERT INTO communities (id, district_id, name, code, certificate_threshold, default_points_per_hour, created_at) OVERRIDING SYSTEM VALUE
     SELECT c, d, '社区' || c, 'S' || lpad(c::text, 4, '0'), threshold, 100, $1::timestamptz FROM seed_comm`,
      [t0],
    );
    await q(
      `INSERT INTO users (id, community_id, role, display_name, username, created_at, updated_at) OVERRIDING SYSTEM VALUE
     SELECT d, (SELECT min(c) FROM seed_comm WHERE seed_comm.d = g.d), 'district_admin'::role, '区管理员' || d, 'scale-admin-' || d, $1::timestamptz, $1::timestamptz
       FROM generate_series(1, $2::int) AS g(d)
     UNION ALL
     SELECT officer, c, 'officer'::role, '书记' || c, 'scale-officer-' || c, $1::timestamptz, $1::timestamptz FROM seed_comm`,
      [t0, D],
    );
    await q(
      `INSERT INTO users (id, community_id, role, display_name, real_name, phone, wechat_openid, consent_version, consent_at, created_at, updated_at) OVERRIDING SYSTEM VALUE
     SELECT sc.first_uid + j, sc.c, 'volunteer', '志愿者' || (sc.first_uid + j), '张' || (sc.first_uid + j),
            '138' || lpad((sc.first_uid + j)::text, 8, '0'), 'scale-' || (sc.first_uid + j), '1', $1::timestamptz, $1::timestamptz, $1::timestamptz
       FROM seed_comm sc CROSS JOIN LATERAL generate_series(0, sc.n - 1) j`,
      [t0],
    );
    step(`districts ${D}, communities ${C}, users ${D + C + V}`);

    // Activities: community c's a-th activity starts at t0 + a/A of the history, runs 1–3 hours.
    await q(
      `INSERT INTO activities (id, community_id, title, category, description, place_name, lat, lng, starts_at, ends_at,
                             capacity, points_per_hour, status, enrolled_count, created_by, created_at, updated_at) OVERRIDING SYSTEM VALUE
     SELECT sc.first_aid + g.i, sc.c, t.title || ' #' || g.i, t.category::activity_category, '规模测试', '社区活动中心', 30.82, 104.15,
            st, st + make_interval(mins => 60 * (1 + (g.i / sc.s) % 3)), 200, 100, 'published', 0, sc.officer, st - interval '7 days', st
       FROM seed_comm sc CROSS JOIN LATERAL generate_series(0, sc.a - 1) AS g(i)
       CROSS JOIN LATERAL (SELECT date_trunc('minute', $1::timestamptz + make_interval(secs => g.i::float8 * $2 / sc.a)) AS st) s
       JOIN (SELECT * FROM jsonb_to_recordset($3::jsonb) AS x(i int, category text, title text)) t ON t.i = g.i % 6`,
      [t0, span, JSON.stringify(TITLES.map(([category, title], i) => ({ i, category, title })))],
    );
    step(`activities ${aid - 1}`);

    // Attendances: volunteer j of a community attends activities k·s + j mod s for k < L_j, where
    // L_j = L + x for even j and L − x for odd j, x = (j / 2) mod L.
    const lines = `(CASE WHEN j % 2 = 0 THEN $1::int + (j / 2) % $1::int ELSE $1::int - (j / 2) % $1::int END)`;
    await q(
      `INSERT INTO attendances (community_id, activity_id, user_id, source, status, check_in_at, check_in_lat, check_in_lng,
                              check_in_distance_m, check_out_at, check_out_lat, check_out_lng, credited_minutes, credited_points,
                              confirmed_by, confirmed_at, created_at, updated_at)
     SELECT sc.c, act.id, sc.first_uid + j, 'checkin', 'confirmed', act.starts_at, 30.82, 104.15, 12, act.ends_at, 30.82, 104.15,
            60 * (1 + k % 3), 100 * (1 + k % 3), sc.officer, act.ends_at + interval '1 hour', act.starts_at, act.ends_at + interval '1 hour'
       FROM seed_comm sc
       CROSS JOIN LATERAL generate_series(0, sc.n - 1) j
       CROSS JOIN LATERAL generate_series(0, ${lines} - 1) k
       JOIN activities act ON act.id = sc.first_aid + k * sc.s + j % sc.s`,
      [L],
    );
    step('attendances');

    // One ledger line per attendance, in confirmation order; balance_after is seed_cum's running sum
    // (a volunteer's k-th activity is later than their (k−1)-th, so id order is k order).
    await q(
      `INSERT INTO ledger_entries (account_id, community_id, amount, minutes, kind, reason, source_type, source_id, source_key,
                                 activity_id, caused_by, balance_after, created_at)
     SELECT at.user_id, at.community_id, at.credited_points, at.credited_minutes, 'earn', '参加活动：' || act.title, 'attendance',
            at.id, 'attendance:' || at.id, at.activity_id, at.confirmed_by, cum.cum, at.confirmed_at
       FROM attendances at
       JOIN activities act ON act.id = at.activity_id
       JOIN seed_comm sc ON sc.c = at.community_id
       JOIN seed_cum cum ON cum.k = (at.activity_id - sc.first_aid) / sc.s
      ORDER BY at.confirmed_at, at.id`,
    );
    step('ledger lines');

    // The dashboards' daily rollup (migration ledger_daily_trigger): its trigger did not fire during
    // the bulk load (replica mode), so it is rebuilt from the lines, as the migration backfills it.
    await q(`DELETE FROM ledger_daily`);
    await q(
      `INSERT INTO ledger_daily (community_id, day, amount, minutes, lines)
     SELECT community_id, (created_at AT TIME ZONE 'Asia/Shanghai')::date, sum(amount), sum(minutes), count(*)
       FROM ledger_entries GROUP BY 1, 2`,
    );
    step('ledger daily rollup');

    // Each activity's attendance count (migration activity_attended_count): its trigger did not fire
    // either, so it is filled from the attendances, as the migration backfills it.
    await q(
      `UPDATE activities a SET attended_count = n.n
         FROM (SELECT activity_id, count(*)::int AS n FROM attendances GROUP BY activity_id) n
        WHERE a.id = n.activity_id`,
    );
    step('activity attendance counts');

    await q(
      `INSERT INTO accounts (user_id, community_id, balance, lifetime_earned, lifetime_minutes, updated_at)
     SELECT sc.first_uid + j, sc.c, cum.cum, cum.cum, cum.cum * 60 / 100, $2::timestamptz
       FROM seed_comm sc CROSS JOIN LATERAL generate_series(0, sc.n - 1) j
       JOIN seed_cum cum ON cum.k = ${lines} - 1`,
      [L, now],
    );
    // Certificates: issued with the line that crossed the threshold; level from the lifetime points.
    await q(
      `INSERT INTO certificates (serial, user_id, community_id, level, issued_at, status)
     SELECT 'S' || lpad(x.c::text, 4, '0') || '-' || to_char(x.issued_at AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' ||
              lpad((row_number() OVER (PARTITION BY x.c ORDER BY x.issued_at, x.user_id))::text, 6, '0'),
            x.user_id, x.c, x.level, x.issued_at, 'active'
       FROM (
         SELECT sc.c, acc.user_id, act.ends_at + interval '1 hour' AS issued_at,
                CASE WHEN acc.lifetime_earned >= sc.threshold * 50 THEN 3 WHEN acc.lifetime_earned >= sc.threshold * 10 THEN 2 ELSE 1 END AS level
           FROM accounts acc
           JOIN seed_comm sc ON sc.c = acc.community_id
           CROSS JOIN LATERAL (SELECT min(k) AS k FROM seed_cum WHERE cum >= sc.threshold) kt
           JOIN activities act ON act.id = sc.first_aid + kt.k * sc.s + (acc.user_id - sc.first_uid) % sc.s
          WHERE acc.lifetime_earned >= sc.threshold
       ) x
      ORDER BY x.issued_at`,
    );
    await q(
      `INSERT INTO certificate_events (certificate_id, action, from_status, to_status, reason, created_at)
     SELECT ce.id, 'issue', NULL, 'active', '终身积分达到 ' || (sc.threshold / 100.0)::float8 || ' 分', ce.issued_at
       FROM certificates ce JOIN seed_comm sc ON sc.c = ce.community_id ORDER BY ce.id`,
    );
    await q(
      `UPDATE communities SET certificate_seq = (SELECT count(*) FROM certificates WHERE certificates.community_id = communities.id)`,
    );
    for (const [tbl, col] of [
      ['districts', 'id'],
      ['communities', 'id'],
      ['users', 'id'],
      ['activities', 'id'],
    ] as const)
      await q(`SELECT setval(pg_get_serial_sequence('${tbl}', '${col}'), (SELECT max(${col}) FROM ${tbl}))`);
    await q('COMMIT');
    step('accounts, certificates');

    // Rebuild the dropped indexes and constraints: two connections, one table each.
    const other = new pg.Client({ connectionString: url });
    other.on('error', () => {});
    await other.connect();
    await other.query(`SET maintenance_work_mem = '512MB'`);
    const build = async (c: pg.Client, tbl: string) => {
      for (const r of rebuild.filter((x) => x.tbl === tbl)) {
        if (r.kind === 'constraint')
          await c.query(`ALTER TABLE ${r.tbl} ADD CONSTRAINT "${r.name}" ${r.def}`);
        else await c.query(r.def);
      }
    };
    await Promise.all([build(client, 'ledger_entries'), build(other, 'attendances')]);
    step(`indexes rebuilt (${rebuild.map((r) => r.name).join(', ')})`);
    await Promise.all([
      client.query('VACUUM (ANALYZE) ledger_entries'),
      other.query('VACUUM (ANALYZE) attendances'),
    ]);
    await client.query('VACUUM (ANALYZE) activities');
    await client.query('ANALYZE');
    await other.end();
    step('vacuum analyze');

    const counts: Record<string, number> = {};
    for (const tbl of [
      'districts',
      'communities',
      'users',
      'accounts',
      'activities',
      'attendances',
      'ledger_entries',
      'ledger_daily',
      'certificates',
    ])
      counts[tbl] = Number((await q(`SELECT count(*) AS n FROM ${tbl}`)).rows[0].n);

    if (opts.verify) {
      const bad = await q(`
      SELECT
        (SELECT count(*) FROM accounts a LEFT JOIN (SELECT account_id, sum(amount) s, sum(minutes) m FROM ledger_entries GROUP BY account_id) l
           ON l.account_id = a.user_id
          WHERE a.balance <> coalesce(l.s, 0) OR a.lifetime_earned <> coalesce(l.s, 0) OR a.lifetime_minutes <> coalesce(l.m, 0)) AS balances,
        (SELECT count(*) FROM (SELECT balance_after, sum(amount) OVER (PARTITION BY account_id ORDER BY id) s FROM ledger_entries) x
          WHERE x.balance_after <> x.s) AS running,
        (SELECT count(*) FROM ledger_entries l JOIN attendances at ON at.id = l.source_id
          WHERE at.status <> 'confirmed' OR at.credited_points <> l.amount OR at.user_id <> l.account_id) AS sources,
        (SELECT count(*) FROM accounts a JOIN communities c ON c.id = a.community_id LEFT JOIN certificates ce ON ce.user_id = a.user_id
          WHERE (a.lifetime_earned >= c.certificate_threshold) <> (ce.id IS NOT NULL)) AS certs,
        (SELECT count(*) FROM ledger_entries) - (SELECT count(*) FROM attendances) AS unmatched,
        (SELECT count(*) FROM ledger_daily d FULL JOIN (
           SELECT community_id, (created_at AT TIME ZONE 'Asia/Shanghai')::date AS day, sum(amount) s, sum(minutes) m, count(*) n
             FROM ledger_entries GROUP BY 1, 2) l ON l.community_id = d.community_id AND l.day = d.day
          WHERE d.amount IS DISTINCT FROM l.s OR d.minutes IS DISTINCT FROM l.m OR d.lines IS DISTINCT FROM l.n) AS rollup,
        (SELECT count(*) FROM activities a LEFT JOIN (SELECT activity_id, count(*) n FROM attendances GROUP BY 1) n
           ON n.activity_id = a.id WHERE a.attended_count <> coalesce(n.n, 0)) AS attended`);
      const row = bad.rows[0] as Record<string, string>;
      const failures = Object.entries(row).filter(([, v]) => Number(v) !== 0);
      if (failures.length) throw new Error(`invariants broken: ${JSON.stringify(row)}`);
      step(
        'verified (balances = sums, running balances, sources, certificates, daily rollup, attendance counts)',
      );
    }

    const big = comm[0]!;
    // The big community's volunteers 0, 2(L−1) and 2(L−1)+1 have L, 2L−1 and 1 lines.
    const picks = [0, 2 * (L - 1), 2 * (L - 1) + 1].filter((j) => j < big.n).map((j) => big.firstUid + j);
    const sample = await q(
      `SELECT a.user_id AS id, a.community_id AS "communityId", (SELECT count(*) FROM ledger_entries l WHERE l.account_id = a.user_id)::int AS lines
       FROM accounts a WHERE a.user_id = ANY($1::int[]) ORDER BY lines DESC`,
      [picks],
    );
    const exportLinesBig = Number(
      (await q(`SELECT count(*) AS n FROM ledger_entries WHERE community_id = $1`, [big.c])).rows[0].n,
    );
    await client.end();
    const seconds = (performance.now() - started) / 1000;
    // Kept with the database, so bench/scale.ts --seeded-url can report how long seeding took.
    const timing = JSON.stringify({ seconds: Math.round(seconds * 10) / 10, steps });
    const note = new pg.Client({ connectionString: opts.adminUrl });
    await note.connect();
    await note.query(`COMMENT ON DATABASE ${name} IS ${pg.escapeLiteral(timing)}`);
    await note.end();
    log(`seeded ${url} in ${seconds.toFixed(1)} s: ${JSON.stringify(counts)}`);
    return {
      url,
      name,
      seconds: Math.round(seconds * 10) / 10,
      steps,
      counts,
      bigCommunityId: big.c,
      districtAdmin: { id: 1, communityId: 1 },
      officer: { id: big.officer, communityId: big.c },
      volunteerSample: sample.rows,
      volunteerIds: { first: D + C + 1, last: D + C + V },
      exportFrom: localDate(new Date(now.getTime() - 365 * DAY)),
      exportTo: localDate(now),
      exportLinesBig,
    };
  }
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

export function parseSeedArgs(args: string[]): ScaleSeedOptions {
  const num = (n: string, d: number) => {
    const v = flag(args, n);
    if (v === undefined) return d;
    const x = Number(v);
    if (!Number.isFinite(x) || x <= 0) throw new Error(`--${n} ${v}: a positive number`);
    return x;
  };
  return {
    adminUrl:
      flag(args, 'database-url') ??
      process.env.BENCH_ADMIN_URL ??
      'postgres://postgres@127.0.0.1:5432/postgres',
    name: flag(args, 'name'),
    communities: Math.round(num('communities', 100)),
    volunteers: Math.round(num('volunteers', 100_000)),
    lines: Math.round(num('lines', 5_000_000)),
    districts: Math.round(num('districts', 1)),
    bigShare: num('big-share', 0.2),
    verify: !args.includes('--no-verify'),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  seedScale(parseSeedArgs(process.argv.slice(2)))
    .then((r) => {
      process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    })
    .catch((err) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    });
}
