ALTER TABLE "activities" ADD COLUMN "attended_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "activities_community_id_ends_at_index" ON "activities" USING btree ("community_id","ends_at");--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_attended_count" CHECK ("activities"."attended_count" >= 0);--> statement-breakpoint
-- activities.attended_count: the activity's attendance records (any status), so the dashboards read a
-- column instead of counting attendances per activity (district of 100 communities: 60,000 index
-- probes a request, docs/scale.md). Kept like ledger_daily, by a deferred constraint trigger: the
-- activity's row is updated at COMMIT, so concurrent check-ins at one activity queue on that row only
-- for the instant of their commit, and a rolled-back insert adds nothing. Attendances are not deleted
-- or moved between activities by the app; the trigger keeps the count right if they ever are.
CREATE OR REPLACE FUNCTION activity_attended_count() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.activity_id = NEW.activity_id THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE activities SET attended_count = attended_count - 1 WHERE id = OLD.activity_id;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    UPDATE activities SET attended_count = attended_count + 1 WHERE id = NEW.activity_id;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER attendances_attended_count AFTER INSERT OR DELETE OR UPDATE OF activity_id ON attendances
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION activity_attended_count();
--> statement-breakpoint
-- Backfill from the attendances already there (the trigger's lock on attendances keeps writers out
-- meanwhile).
UPDATE activities a SET attended_count = n.n
  FROM (SELECT activity_id, count(*)::int AS n FROM attendances GROUP BY activity_id) n
 WHERE a.id = n.activity_id;
