import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';

/**
 * A fingerprint of the money side of the database: the ledger lines in id order and every account's
 * balance. Two databases with the same checksum hold the same ledger; a backup records it and a restore
 * must reproduce it. `problems` lists broken invariants (a balance that is not the sum of its lines,
 * a balance_after out of sequence, a confirmed attendance credited twice or not at all).
 */
export interface LedgerChecksum {
  /** Ledger lines. */
  lines: number;
  /** Sum of all lines, hundredths of a point. */
  sum: number;
  accounts: number;
  /** Sum of all balances, hundredths of a point. */
  balances: number;
  /** SHA-256 (hex) over the ordered lines, then the ordered accounts. */
  sha256: string;
  problems: string[];
}

const BATCH = 5000;

/** A refusal an operator can act on: the message says what to do. */
export class OpsError extends Error {}

type Row = Record<string, unknown>;

async function rows(db: Executor, query: ReturnType<typeof sql>): Promise<Row[]> {
  const r = (await db.execute(query)) as unknown as { rows: Row[] };
  return r.rows;
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

/** Reads in batches (keyset on id), so memory stays flat on a large ledger. */
export async function ledgerChecksum(db: Executor): Promise<LedgerChecksum> {
  const [table] = await rows(db, sql`SELECT to_regclass('public.ledger_entries') IS NOT NULL AS ok`);
  if (!table?.ok)
    throw new OpsError(
      'This database has no ledger_entries table: it is not a TimeBank database, or it was never migrated (start the server on it once).',
    );
  const hash = createHash('sha256');
  let lines = 0;
  let sum = 0;
  let after = 0;
  for (;;) {
    const batch = await rows(
      db,
      sql`SELECT id, account_id, community_id, amount, minutes, kind, source_key, activity_id, caused_by,
                 balance_after, created_at, reason
            FROM ledger_entries WHERE id > ${after} ORDER BY id LIMIT ${BATCH}`,
    );
    for (const r of batch) {
      hash.update(
        `L|${r.id}|${r.account_id}|${r.community_id}|${r.amount}|${r.minutes}|${r.kind}|${r.source_key}|` +
          `${r.activity_id ?? ''}|${r.caused_by}|${r.balance_after}|${iso(r.created_at)}|${r.reason}\n`,
      );
      lines += 1;
      sum += Number(r.amount);
    }
    if (batch.length < BATCH) break;
    after = Number(batch[batch.length - 1]!.id);
  }
  let accounts = 0;
  let balances = 0;
  let afterUser = 0;
  for (;;) {
    const batch = await rows(
      db,
      sql`SELECT user_id, community_id, balance, lifetime_earned, lifetime_minutes
            FROM accounts WHERE user_id > ${afterUser} ORDER BY user_id LIMIT ${BATCH}`,
    );
    for (const r of batch) {
      hash.update(
        `A|${r.user_id}|${r.community_id}|${r.balance}|${r.lifetime_earned}|${r.lifetime_minutes}\n`,
      );
      accounts += 1;
      balances += Number(r.balance);
    }
    if (batch.length < BATCH) break;
    afterUser = Number(batch[batch.length - 1]!.user_id);
  }
  return { lines, sum, accounts, balances, sha256: hash.digest('hex'), problems: await ledgerProblems(db) };
}

/** Broken invariants, each as one readable line (at most a few examples per kind). */
export async function ledgerProblems(db: Executor): Promise<string[]> {
  const problems: string[] = [];
  const check = async (label: string, query: ReturnType<typeof sql>) => {
    const found = await rows(db, query);
    for (const r of found) problems.push(`${label}: ${JSON.stringify(r)}`);
  };
  await check(
    'balance is not the sum of its lines',
    sql`SELECT a.user_id, a.balance, coalesce(l.total, 0)::bigint AS lines_total
          FROM accounts a
          LEFT JOIN (SELECT account_id, sum(amount) AS total FROM ledger_entries GROUP BY account_id) l
            ON l.account_id = a.user_id
         WHERE a.balance <> coalesce(l.total, 0)
         LIMIT 5`,
  );
  await check(
    'ledger line without an account',
    sql`SELECT l.id, l.account_id FROM ledger_entries l
          LEFT JOIN accounts a ON a.user_id = l.account_id WHERE a.user_id IS NULL LIMIT 5`,
  );
  await check(
    'balance_after out of sequence',
    sql`SELECT id, account_id, balance_after, running FROM (
          SELECT id, account_id, balance_after,
                 sum(amount) OVER (PARTITION BY account_id ORDER BY id) AS running
            FROM ledger_entries) s
         WHERE balance_after <> running LIMIT 5`,
  );
  await check(
    'source credited more than once',
    sql`SELECT source_key, count(*)::int AS n FROM ledger_entries GROUP BY source_key HAVING count(*) > 1 LIMIT 5`,
  );
  await check(
    'confirmed attendance with points but no ledger line',
    sql`SELECT a.id FROM attendances a
          LEFT JOIN ledger_entries l ON l.source_key = 'attendance:' || a.id::text
         WHERE a.status = 'confirmed' AND a.credited_points IS NOT NULL AND a.credited_points <> 0
           AND l.id IS NULL LIMIT 5`,
  );
  await check(
    'attendance line for an unconfirmed attendance',
    sql`SELECT l.id, l.source_id FROM ledger_entries l
          JOIN attendances a ON a.id = l.source_id
         WHERE l.source_type = 'attendance' AND a.status <> 'confirmed' LIMIT 5`,
  );
  return problems;
}

/** True when two checksums describe the same ledger (problems aside). */
export function sameLedger(a: LedgerChecksum, b: LedgerChecksum): boolean {
  return (
    a.lines === b.lines &&
    a.sum === b.sum &&
    a.accounts === b.accounts &&
    a.balances === b.balances &&
    a.sha256 === b.sha256
  );
}
