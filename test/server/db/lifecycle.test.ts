import fs from 'node:fs';
import path from 'node:path';
import { merchantLifecycle } from '@timebank/shared';
import test from 'ava';
import { eq, sql } from 'drizzle-orm';
import {
  allowedRows,
  guardedTables,
  lifecyclesAddedSql,
  lifecyclesSql,
} from '../../../scripts/lifecycles-sql';
import { migrationsFolder } from '../../../server/src/db/client';
import { applyMove } from '../../../server/src/db/lifecycle';
import { AppError } from '../../../server/src/http/errors';
import { merchants } from '../../../server/src/modules/merchants/merchants.table';
import { createTestContext, type TestContext } from '../../helpers/context';

let ctx: TestContext;
/** Ids of the fixture rows every entity's rows refer to. */
let ids: {
  community: number;
  officer: number;
  volunteer: number;
  staff: number;
  activity: number;
  merchant: number;
};

type Rows<T> = { rows: T[] };
const run = async <T = Record<string, unknown>>(text: string): Promise<T[]> =>
  ((await ctx.db.execute(sql.raw(text))) as unknown as Rows<T>).rows;
const one = async (text: string): Promise<number> => {
  const [r] = await run<{ id: number }>(text);
  return Number(r!.id);
};

test.before(async () => {
  ctx = await createTestContext();
  const c = await ctx.addCommunity();
  const officer = await ctx.addUser('officer', c.id);
  const volunteer = await ctx.addUser('volunteer', c.id);
  const staff = await ctx.addUser('merchant_staff', c.id);
  const activity = await one(`INSERT INTO activities (community_id, title, category, place_name, lat, lng,
      starts_at, ends_at, capacity, points_per_hour, created_by, status)
    VALUES (${c.id}, '扫除', 'other', '广场', 30.8, 104.1, '2030-01-01T01:00Z', '2030-01-01T03:00Z', 5, 100,
      ${officer.id}, 'published') RETURNING id`);
  const merchant =
    await one(`INSERT INTO merchants (community_id, name, category, address, lat, lng, opening_hours,
      contact_phone, licence_no, pledge_version, pledge_accepted_at, discount_percent_off, status)
    VALUES (${c.id}, '面馆', 'food', '一号', 30.8, 104.1, '9-21', '123456', 'L1', '2026-01', now(), 20, 'active')
    RETURNING id`);
  ids = {
    community: c.id,
    officer: officer.id,
    volunteer: volunteer.id,
    staff: staff.id,
    activity,
    merchant,
  };
});
test.after.always(() => ctx?.close());

test('the migration is the SQL the script prints from the shared tables, to the letter', (t) => {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'));
  const entry = journal.entries.find((e: { tag: string }) => e.tag.endsWith('_lifecycle_guard'));
  t.truthy(entry, 'a lifecycle_guard migration in the journal');
  t.is(fs.readFileSync(path.join(migrationsFolder, `${entry.tag}.sql`), 'utf8'), lifecyclesSql());
});

test('a lifecycle added later is guarded by the SQL the script prints for its migration, to the letter', (t) => {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'));
  const later = [...new Set(guardedTables().flatMap((g) => (g.lifecycle.since ? [g.lifecycle.since] : [])))];
  t.deepEqual(later.sort(), [
    '0017_photos',
    '0018_merchant_change_requests',
    '0019_movements',
    '0021_redemptions',
    '0022_funds',
  ]);
  for (const tag of later) {
    t.truthy(
      journal.entries.find((e: { tag: string }) => e.tag === tag),
      `${tag} in the journal`,
    );
    const text = fs.readFileSync(path.join(migrationsFolder, `${tag}.sql`), 'utf8');
    t.true(text.endsWith(lifecyclesAddedSql(tag)), `${tag} ends with its lifecycle guard`);
  }
  // the first guard migration leaves those out
  t.false(lifecyclesSql().includes('merchant_change_requests'));
  t.false(lifecyclesSql().includes('profile_changes'));
  t.false(lifecyclesSql().includes('movements'));
  t.false(lifecyclesSql().includes('redemption_items'));
  t.false(lifecyclesSql().includes('claims'));
});

test("the migrated database's allowed pairs are exactly the shared tables' pairs", async (t) => {
  const rows = await run<{ table_name: string; from_status: string; to_status: string }>(
    'SELECT table_name, from_status, to_status FROM lifecycle_moves',
  );
  const key = (r: string[]) => r.join(' ');
  t.deepEqual(
    rows.map((r) => key([r.table_name, r.from_status, r.to_status])).sort(),
    allowedRows().map(key).sort(),
  );
});

test('every guarded table carries the lifecycle trigger, and only those', async (t) => {
  const rows = await run<{ table: string }>(
    `SELECT c.relname AS table FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
     WHERE g.tgname LIKE '%\\_lifecycle' AND NOT g.tgisinternal`,
  );
  t.deepEqual(
    rows.map((r) => r.table).sort(),
    guardedTables()
      .map((g) => g.table)
      .sort(),
  );
});

/** The message PostgreSQL refused with (drizzle wraps the driver's error). */
async function refusal(text: string): Promise<string> {
  try {
    await run(text);
  } catch (err) {
    const e = err as { cause?: { message?: string; code?: string }; message: string };
    return `${e.cause?.code ?? ''} ${e.cause?.message ?? e.message}`;
  }
  return 'accepted';
}

/**
 * For each guarded table: a row in some state (raw SQL), an illegal move of its status refused by
 * the database, and a legal one accepted.
 */
const cases: Record<
  string,
  () => Promise<{ id: number; illegal: [string, string]; legal?: { id: number; to: string; set?: string } }>
> = {
  activities: async () => ({
    id: await one(`INSERT INTO activities (community_id, title, category, place_name, lat, lng, starts_at,
        ends_at, capacity, points_per_hour, created_by, status)
      VALUES (${ids.community}, '取消的', 'other', '广场', 30.8, 104.1, '2030-01-02T01:00Z', '2030-01-02T03:00Z',
        5, 100, ${ids.officer}, 'cancelled') RETURNING id`),
    illegal: ['cancelled', 'published'],
    legal: {
      id: await one(`INSERT INTO activities (community_id, title, category, place_name, lat, lng, starts_at,
          ends_at, capacity, points_per_hour, created_by)
        VALUES (${ids.community}, '草稿', 'other', '广场', 30.8, 104.1, '2030-01-03T01:00Z', '2030-01-03T03:00Z',
          5, 100, ${ids.officer}) RETURNING id`),
      to: 'published',
    },
  }),
  attendances: async () => {
    const other = await ctx.addUser('volunteer', ids.community);
    return {
      id: await one(`INSERT INTO attendances (community_id, activity_id, user_id, source, status, check_in_at,
          confirmed_at, credited_minutes, credited_points, confirmed_by)
        VALUES (${ids.community}, ${ids.activity}, ${ids.volunteer}, 'checkin', 'confirmed', now(), now(), 60, 100,
          ${ids.officer}) RETURNING id`),
      illegal: ['confirmed', 'checked_in'],
      legal: {
        id: await one(`INSERT INTO attendances (community_id, activity_id, user_id, source, status, check_in_at)
          VALUES (${ids.community}, ${ids.activity}, ${other.id}, 'checkin', 'checked_in', now()) RETURNING id`),
        to: 'checked_out',
        set: 'check_out_at = now()',
      },
    };
  },
  cases: async () => {
    const insert = (status: string) =>
      one(`INSERT INTO cases (community_id, kind, reporter_id, description, status)
        VALUES (${ids.community}, 'refused_discount', ${ids.volunteer}, '未给优惠', '${status}') RETURNING id`);
    return {
      id: await insert('closed'),
      illegal: ['closed', 'open'],
      legal: { id: await insert('open'), to: 'closed' },
    };
  },
  challenges: async () => {
    const insert = (status: string) =>
      one(`INSERT INTO challenges (community_id, merchant_id, author_id, title, problem, status)
        VALUES (${ids.community}, ${ids.merchant}, ${ids.staff}, '难题', '问题', '${status}') RETURNING id`);
    return {
      id: await insert('taken_down'),
      illegal: ['taken_down', 'open'],
      legal: { id: await insert('open'), to: 'taken_down' },
    };
  },
  help_requests: async () => {
    const household =
      await one(`INSERT INTO households (community_id, category, label, address, consent_given_by,
        consent_given_at, consent_version, consent_recorded_by)
      VALUES (${ids.community}, 'elderly_alone', '张奶奶', '二号', '本人', now(), '2026-11', ${ids.officer}) RETURNING id`);
    const insert = (status: string, closed: boolean) =>
      one(`INSERT INTO help_requests (household_id, community_id, kind, preferred_time, raised_by, raised_as, status,
          closed_at)
        VALUES (${household}, ${ids.community}, 'meal', '上午', ${ids.officer}, 'officer', '${status}',
          ${closed ? 'now()' : 'NULL'}) RETURNING id`);
    return {
      id: await insert('cancelled', true),
      illegal: ['cancelled', 'open'],
      legal: { id: await insert('open', false), to: 'cancelled', set: 'closed_at = now()' },
    };
  },
  households: async () => {
    const insert = (archived: boolean) =>
      one(`INSERT INTO households (community_id, category, label, address, consent_given_by, consent_given_at,
          consent_version, consent_recorded_by, status, withdrawn_at)
        VALUES (${ids.community}, 'elderly_alone', ${archived ? 'NULL' : "'李爷爷'"}, ${archived ? 'NULL' : "'三号'"},
          '本人', now(), '2026-11', ${ids.officer}, '${archived ? 'archived' : 'active'}',
          ${archived ? 'now()' : 'NULL'}) RETURNING id`);
    return {
      id: await insert(true),
      illegal: ['archived', 'active'],
      legal: {
        id: await insert(false),
        to: 'archived',
        set: 'label = NULL, address = NULL, withdrawn_at = now()',
      },
    };
  },
  merchants: async () => {
    const insert = (status: string) =>
      one(`INSERT INTO merchants (community_id, name, category, address, lat, lng, opening_hours, contact_phone,
          licence_no, pledge_version, pledge_accepted_at, discount_percent_off, status)
        VALUES (${ids.community}, '店', 'food', '四号', 30.8, 104.1, '9-21', '123456', 'L2', '2026-01', now(), 10,
          '${status}') RETURNING id`);
    return {
      id: await insert('removed'),
      illegal: ['removed', 'active'],
      legal: { id: await insert('applied'), to: 'active' },
    };
  },
  certificates: async () => {
    const insert = async (status: string) => {
      const holder = await ctx.addUser('volunteer', ids.community);
      return one(`INSERT INTO certificates (serial, user_id, community_id, level, status)
        VALUES ('S-${holder.id}', ${holder.id}, ${ids.community}, 1, '${status}') RETURNING id`);
    };
    return {
      id: await insert('revoked'),
      illegal: ['revoked', 'suspended'],
      legal: { id: await insert('active'), to: 'suspended' },
    };
  },
  certificate_appeals: async () => {
    const insert = async (status: string) => {
      const holder = await ctx.addUser('volunteer', ids.community);
      const cert = await one(`INSERT INTO certificates (serial, user_id, community_id, level, status)
        VALUES ('A-${holder.id}', ${holder.id}, ${ids.community}, 1, 'suspended') RETURNING id`);
      return one(`INSERT INTO certificate_appeals (certificate_id, text, status)
        VALUES (${cert}, '申诉', '${status}') RETURNING id`);
    };
    return {
      id: await insert('upheld'),
      illegal: ['upheld', 'overturned'],
      legal: { id: await insert('pending'), to: 'upheld' },
    };
  },
  board_posts: async () => {
    const insert = (status: string) =>
      one(`INSERT INTO board_posts (community_id, merchant_id, author_id, kind, title, body, status)
        VALUES (${ids.community}, ${ids.merchant}, ${ids.staff}, 'recruitment', '招聘', '内容', '${status}') RETURNING id`);
    return {
      id: await insert('taken_down'),
      illegal: ['taken_down', 'published'],
      legal: { id: await insert('published'), to: 'taken_down' },
    };
  },
  merchant_products: async () => {
    const insert = (status: string) =>
      one(`INSERT INTO merchant_products (community_id, merchant_id, name, created_by, price_fen, status,
          take_down_reason)
        VALUES (${ids.community}, ${ids.merchant}, '面', ${ids.staff}, 1200, '${status}',
          ${status === 'taken_down' ? "'违规'" : 'NULL'}) RETURNING id`);
    return {
      id: await insert('taken_down'),
      illegal: ['taken_down', 'hidden'],
      legal: { id: await insert('published'), to: 'hidden' },
    };
  },
  movements: async () => {
    // A gift between the volunteer and a second account (any user's: the row's shape is what counts).
    await run(`INSERT INTO accounts (user_id, community_id) VALUES (${ids.volunteer}, ${ids.community}),
      (${ids.officer}, ${ids.community}) ON CONFLICT DO NOTHING`);
    const insert = (status: string) =>
      one(`INSERT INTO movements (community_id, kind, status, amount, from_user, to_user, actor_id,
          idempotency_key, request, created_at, decided_at)
        VALUES (${ids.community}, 'gift', '${status}', 100, ${ids.volunteer}, ${ids.officer}, ${ids.volunteer},
          'lifecycle-${status}-' || gen_random_uuid(), '{}', now(), ${status === 'pending' ? 'NULL' : 'now()'})
        RETURNING id`);
    return {
      id: await insert('rejected'),
      illegal: ['rejected', 'pending'],
      legal: { id: await insert('pending'), to: 'cancelled', set: 'decided_at = now()' },
    };
  },
  merchant_offers: async () => {
    const insert = (status: string) =>
      one(`INSERT INTO merchant_offers (community_id, merchant_id, title, valid_from, valid_to, created_by, status,
          take_down_reason)
        VALUES (${ids.community}, ${ids.merchant}, '优惠', '2030-01-01', '2030-01-31', ${ids.staff}, '${status}',
          ${status === 'taken_down' ? "'违规'" : 'NULL'}) RETURNING id`);
    return {
      id: await insert('taken_down'),
      illegal: ['taken_down', 'published'],
      legal: { id: await insert('hidden'), to: 'published' },
    };
  },
  claims: async () => {
    const fund =
      await one(`INSERT INTO funds (name, district_id, period_from, period_to, budget_fen, created_by, created_at)
        SELECT '基金', district_id, '2030-01-01', '2030-12-31', 100000, ${ids.staff}, now()
        FROM communities WHERE id = ${ids.community} RETURNING id`);
    const insert = (status: string) =>
      one(`INSERT INTO claims (fund_id, merchant_id, period_from, period_to, status, total_fen, payment_ref,
          created_by, created_at, decided_at)
        VALUES (${fund}, ${ids.merchant}, '2030-01-01', '2030-01-31', '${status}', 1000,
          ${status === 'paid' ? "'REF-1'" : 'NULL'}, ${ids.staff}, now(), ${status === 'submitted' ? 'NULL' : 'now()'})
        RETURNING id`);
    return {
      id: await insert('paid'),
      illegal: ['paid', 'submitted'],
      legal: { id: await insert('submitted'), to: 'decided', set: 'decided_at = now()' },
    };
  },
  redemption_items: async () => {
    const insert = (status: string) =>
      one(`INSERT INTO redemption_items (community_id, merchant_id, title, cost, valid_from, valid_to, created_by,
          status, take_down_reason, created_at, updated_at)
        VALUES (${ids.community}, ${ids.merchant}, '代金券', 1000, '2030-01-01', '2030-01-31', ${ids.staff}, '${status}',
          ${status === 'taken_down' ? "'违规'" : 'NULL'}, now(), now()) RETURNING id`);
    return {
      id: await insert('ended'),
      illegal: ['ended', 'published'],
      legal: { id: await insert('hidden'), to: 'ended' },
    };
  },
  profile_changes: async () => {
    const insert = async (status: string) => {
      const holder = await ctx.addUser('volunteer', ids.community);
      return one(`INSERT INTO profile_changes (user_id, community_id, real_name, status)
        VALUES (${holder.id}, ${ids.community}, '王小明', '${status}') RETURNING id`);
    };
    return {
      id: await insert('rejected'),
      illegal: ['rejected', 'approved'],
      legal: { id: await insert('pending'), to: 'approved' },
    };
  },
  merchant_change_requests: async () => {
    const shop = async () =>
      one(`INSERT INTO merchants (community_id, name, category, address, lat, lng, opening_hours, contact_phone,
          licence_no, pledge_version, pledge_accepted_at, discount_percent_off, status)
        VALUES (${ids.community}, '店', 'food', '五号', 30.8, 104.1, '9-21', '123456', 'L3', '2026-01', now(), 10,
          'active') RETURNING id`);
    const insert = async (status: string) =>
      one(`INSERT INTO merchant_change_requests (merchant_id, community_id, changes, previous, status, requested_by,
          decided_by, decided_at, decision_reason)
        VALUES (${await shop()}, ${ids.community}, '{"licenceNo":"L4"}', '{"licenceNo":"L3"}', '${status}', ${ids.staff},
          ${status === 'pending' ? 'NULL' : ids.officer}, ${status === 'pending' ? 'NULL' : 'now()'},
          ${status === 'rejected' ? "'执照不符'" : 'NULL'}) RETURNING id`);
    return {
      id: await insert('rejected'),
      illegal: ['rejected', 'approved'],
      legal: {
        id: await insert('pending'),
        to: 'approved',
        set: `decided_by = ${ids.officer}, decided_at = now()`,
      },
    };
  },
};

test('a case below for every guarded table', (t) => {
  t.deepEqual(
    Object.keys(cases).sort(),
    guardedTables()
      .map((g) => g.table)
      .sort(),
  );
});

for (const [table, make] of Object.entries(cases)) {
  test.serial(
    `${table}: the database refuses an illegal status change in raw SQL, and takes a legal one`,
    async (t) => {
      const c = await make();
      const [from, to] = c.illegal;
      const said = await refusal(`UPDATE "${table}" SET status = '${to}' WHERE id = ${c.id}`);
      t.regex(said, new RegExp(`^23514 illegal lifecycle move on ${table}: ${from} -> ${to}$`));
      const [row] = await run<{ status: string }>(`SELECT status FROM "${table}" WHERE id = ${c.id}`);
      t.is(row!.status, from, 'unchanged');
      // Writing the same status again is no move, and other columns change freely.
      t.is(await refusal(`UPDATE "${table}" SET status = '${from}' WHERE id = ${c.id}`), 'accepted');
      if (c.legal) {
        const set = c.legal.set ? `, ${c.legal.set}` : '';
        t.is(
          await refusal(`UPDATE "${table}" SET status = '${c.legal.to}'${set} WHERE id = ${c.legal.id}`),
          'accepted',
        );
      }
    },
  );
}

test.serial(
  'applyMove refuses what the table does not allow, and a row moved meanwhile, changing nothing',
  async (t) => {
    const [m] = await ctx.db.select().from(merchants).where(eq(merchants.id, ids.merchant));
    const move = (row: typeof m & object, action: 'approve' | 'warn') =>
      applyMove(ctx.db, {
        lifecycle: merchantLifecycle,
        row,
        action,
        refusal: 'merchants.invalid_transition',
        table: merchants,
      });
    const wrong = await t.throwsAsync(move(m!, 'approve'));
    t.true(wrong instanceof AppError && wrong.code === 'merchants.invalid_transition');
    // Read as applied, but active by now: the write is conditional on the status read.
    const stale = await t.throwsAsync(move({ ...m!, status: 'applied' }, 'approve'));
    t.true(stale instanceof AppError && stale.code === 'merchants.invalid_transition');
    const [after] = await ctx.db.select().from(merchants).where(eq(merchants.id, ids.merchant));
    t.is(after!.status, 'active');
    const { from, to, row } = await move(m!, 'warn');
    t.deepEqual([from, to, row.status], ['active', 'warned', 'warned']);
  },
);
