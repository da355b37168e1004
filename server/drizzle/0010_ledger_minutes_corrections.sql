ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_amount_non_zero";--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_line_moves" CHECK ("ledger_entries"."amount" <> 0 OR "ledger_entries"."minutes" <> 0);--> statement-breakpoint
-- Confirmations whose minutes rounded to no points (a very low rate) wrote no line either: each gets
-- its line now, 0 points and the minutes credited at confirmation (the attendance's minutes less what
-- later adjustments changed), dated at its confirmation; an account first where there was none.
INSERT INTO accounts (user_id, community_id)
SELECT DISTINCT att.user_id, att.community_id FROM attendances att
 WHERE att.status = 'confirmed' AND att.credited_minutes <> 0
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO ledger_entries (account_id, community_id, amount, minutes, kind, reason, source_type, source_id,
                            source_key, activity_id, caused_by, balance_after, created_at)
SELECT att.user_id, att.community_id, 0, att.credited_minutes - coalesce(d.diff, 0), 'earn',
       CASE WHEN att.source = 'manual' THEN '补录：' || coalesce(att.override_reason, '')
            ELSE '参加活动：' || act.title END,
       'attendance', att.id, 'attendance:' || att.id, att.activity_id, coalesce(att.confirmed_by, att.recorded_by),
       acc.balance, coalesce(att.confirmed_at, att.updated_at)
  FROM attendances att
  JOIN activities act ON act.id = att.activity_id
  JOIN accounts acc ON acc.user_id = att.user_id
  LEFT JOIN (SELECT attendance_id, sum(minutes_after - minutes_before)::int AS diff
               FROM attendance_adjustments GROUP BY attendance_id) d ON d.attendance_id = att.id
 WHERE att.status = 'confirmed' AND att.credited_minutes - coalesce(d.diff, 0) <> 0
   AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.source_key = 'attendance:' || att.id)
 ORDER BY att.id;
--> statement-breakpoint
-- Adjustments made before this migration that changed an attendance's minutes but not its rounded
-- points wrote no ledger line, so the volunteer's lifetime minutes (and the hours in exports and
-- dashboards, summed from the lines) kept the old minutes. Each gets its line now: 0 points, the
-- minutes' difference, dated when the officer made it, after the account's existing lines (its
-- balance_after is the balance, which a line of 0 points does not move). A source key already there
-- is skipped, so the backfill cannot double a line.
INSERT INTO ledger_entries (account_id, community_id, amount, minutes, kind, reason, source_type, source_id,
                            source_key, activity_id, caused_by, balance_after, created_at)
SELECT att.user_id, att.community_id, 0, adj.minutes_after - adj.minutes_before, 'correction',
       '更正：' || adj.reason, 'adjustment', adj.id, 'adjustment:' || adj.id, att.activity_id, adj.created_by,
       acc.balance, adj.created_at
  FROM attendance_adjustments adj
  JOIN attendances att ON att.id = adj.attendance_id
  JOIN accounts acc ON acc.user_id = att.user_id
 WHERE adj.points_delta = 0 AND adj.minutes_after <> adj.minutes_before
   AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.source_key = 'adjustment:' || adj.id)
 ORDER BY adj.id;
--> statement-breakpoint
-- Lifetime minutes are the sum of the lines' minutes again.
UPDATE accounts a SET lifetime_minutes = s.minutes
  FROM (SELECT account_id, sum(minutes)::int AS minutes FROM ledger_entries GROUP BY account_id) s
 WHERE a.user_id = s.account_id AND a.lifetime_minutes <> s.minutes;
