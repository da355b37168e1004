-- The household action log is a record of who did what: never edited, never deleted.
CREATE OR REPLACE FUNCTION household_log_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'household_log is append-only: % refused', TG_OP USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER household_log_no_update BEFORE UPDATE OR DELETE ON household_log
  FOR EACH ROW EXECUTE FUNCTION household_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER household_log_no_truncate BEFORE TRUNCATE ON household_log
  FOR EACH STATEMENT EXECUTE FUNCTION household_log_refuse_change();
