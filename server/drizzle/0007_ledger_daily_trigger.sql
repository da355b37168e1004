-- ledger_daily: the ledger summed per community and local day (Asia/Shanghai, the app's zone), which the
-- dashboards read instead of the lines (docs/scale.md). Each new line adds itself to its day's row.
-- A deferred constraint trigger: the row is updated at COMMIT, so concurrent credits in one community
-- queue on that hot row only for the instant of their commit, not for the rest of their transaction
-- (account locks, certificate issue, notifications). A line refused by ON CONFLICT (a retry) is never
-- inserted and adds nothing; lines are never updated or deleted (ledger_append_only).
CREATE OR REPLACE FUNCTION ledger_daily_add() RETURNS trigger AS $$
BEGIN
  INSERT INTO ledger_daily AS d (community_id, day, amount, minutes, lines)
  VALUES (NEW.community_id, (NEW.created_at AT TIME ZONE 'Asia/Shanghai')::date, NEW.amount, NEW.minutes, 1)
  ON CONFLICT (community_id, day) DO UPDATE
    SET amount = d.amount + EXCLUDED.amount, minutes = d.minutes + EXCLUDED.minutes, lines = d.lines + 1;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ledger_entries_daily AFTER INSERT ON ledger_entries
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ledger_daily_add();
--> statement-breakpoint
-- Backfill from the lines already there (the trigger's lock on ledger_entries keeps writers out meanwhile).
DELETE FROM ledger_daily;
--> statement-breakpoint
INSERT INTO ledger_daily (community_id, day, amount, minutes, lines)
SELECT community_id, (created_at AT TIME ZONE 'Asia/Shanghai')::date, sum(amount), sum(minutes), count(*)
  FROM ledger_entries
 GROUP BY 1, 2;
