CREATE TYPE "public"."discount_event_kind" AS ENUM('recorded', 'corrected', 'voided');--> statement-breakpoint
CREATE TABLE "discount_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "discount_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"discount_id" integer NOT NULL,
	"kind" "discount_event_kind" NOT NULL,
	"bill_cents" integer,
	"saving_cents" integer,
	"note" text,
	"reason" text,
	"actor_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "discount_events_void_reason" CHECK ("discount_events"."kind" <> 'voided' OR "discount_events"."reason" IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "discounts" ADD COLUMN "corrected_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "discounts" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "discounts" ADD COLUMN "voided_by" integer;--> statement-breakpoint
ALTER TABLE "discounts" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "discount_events" ADD CONSTRAINT "discount_events_discount_id_discounts_id_fk" FOREIGN KEY ("discount_id") REFERENCES "public"."discounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discount_events" ADD CONSTRAINT "discount_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "discount_events_discount_id_id_index" ON "discount_events" USING btree ("discount_id","id");--> statement-breakpoint
ALTER TABLE "discounts" ADD CONSTRAINT "discounts_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discounts" ADD CONSTRAINT "discounts_saving_valid" CHECK ("discounts"."voided_at" IS NOT NULL OR ("discounts"."saving_cents" IS NOT NULL AND "discounts"."saving_cents" > 0 AND ("discounts"."bill_cents" IS NULL OR "discounts"."saving_cents" <= "discounts"."bill_cents"))) NOT VALID;--> statement-breakpoint
ALTER TABLE "discounts" ADD CONSTRAINT "discounts_void_complete" CHECK (("discounts"."voided_at" IS NULL) = ("discounts"."voided_by" IS NULL) AND ("discounts"."voided_at" IS NULL) = ("discounts"."void_reason" IS NULL));--> statement-breakpoint
-- A discount record's trail is history: never edited, never deleted.
CREATE OR REPLACE FUNCTION discount_events_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'discount_events is append-only: % refused', TG_OP USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER discount_events_no_change BEFORE UPDATE OR DELETE ON discount_events
  FOR EACH ROW EXECUTE FUNCTION discount_events_refuse_change();
--> statement-breakpoint
CREATE TRIGGER discount_events_no_truncate BEFORE TRUNCATE ON discount_events
  FOR EACH STATEMENT EXECUTE FUNCTION discount_events_refuse_change();
--> statement-breakpoint
-- A discount record is corrected (amounts, note) or voided, never deleted; what it belongs to never
-- changes, and a voided record changes no more.
CREATE OR REPLACE FUNCTION discounts_guard_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'discounts are voided, never deleted' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF OLD.voided_at IS NOT NULL THEN
    RAISE EXCEPTION 'discount % is voided: no change' , OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW.verification_id <> OLD.verification_id OR NEW.merchant_id <> OLD.merchant_id
     OR NEW.holder_id <> OLD.holder_id OR NEW.recorded_by <> OLD.recorded_by
     OR NEW.created_at <> OLD.created_at THEN
    RAISE EXCEPTION 'discount %: only amounts, note and void may change', OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER discounts_guard BEFORE UPDATE OR DELETE ON discounts
  FOR EACH ROW EXECUTE FUNCTION discounts_guard_change();
--> statement-breakpoint
-- Each record made before this migration gets its first trail line, so every record has one.
INSERT INTO discount_events (discount_id, kind, bill_cents, saving_cents, note, actor_id, created_at)
  SELECT id, 'recorded', bill_cents, saving_cents, note, recorded_by, created_at FROM discounts ORDER BY id;
