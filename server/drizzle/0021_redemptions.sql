CREATE TYPE "public"."redemption_item_status" AS ENUM('published', 'hidden', 'ended', 'taken_down');--> statement-breakpoint
ALTER TYPE "public"."movement_kind" ADD VALUE 'redemption';--> statement-breakpoint
CREATE TABLE "redemption_items" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "redemption_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"merchant_id" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"cost" integer NOT NULL,
	"value_fen" integer,
	"stock" integer,
	"redeemed" integer DEFAULT 0 NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"status" "redemption_item_status" DEFAULT 'published' NOT NULL,
	"take_down_reason" text,
	"taken_down_by" integer,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "redemption_items_cost_positive" CHECK ("redemption_items"."cost" > 0 AND "redemption_items"."cost" % 100 = 0),
	CONSTRAINT "redemption_items_value" CHECK ("redemption_items"."value_fen" IS NULL OR "redemption_items"."value_fen" >= 0),
	CONSTRAINT "redemption_items_stock" CHECK ("redemption_items"."stock" IS NULL OR ("redemption_items"."stock" >= 0 AND "redemption_items"."stock" <= 100000)),
	CONSTRAINT "redemption_items_redeemed" CHECK ("redemption_items"."redeemed" >= 0),
	CONSTRAINT "redemption_items_date_order" CHECK ("redemption_items"."valid_to" >= "redemption_items"."valid_from"),
	CONSTRAINT "redemption_items_length" CHECK ("redemption_items"."valid_to" - "redemption_items"."valid_from" < 366),
	CONSTRAINT "redemption_items_taken_down_reason" CHECK (("redemption_items"."status" = 'taken_down') = ("redemption_items"."take_down_reason" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "redemptions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "redemptions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"merchant_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"verification_id" integer NOT NULL,
	"movement_id" integer NOT NULL,
	"holder_id" integer NOT NULL,
	"staff_id" integer NOT NULL,
	"cost" integer NOT NULL,
	"value_fen" integer,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "redemptions_cost_positive" CHECK ("redemptions"."cost" > 0)
);
--> statement-breakpoint
ALTER TABLE "movements" DROP CONSTRAINT "movements_kind_shape";--> statement-breakpoint
ALTER TABLE "redemption_items" ADD CONSTRAINT "redemption_items_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemption_items" ADD CONSTRAINT "redemption_items_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemption_items" ADD CONSTRAINT "redemption_items_taken_down_by_users_id_fk" FOREIGN KEY ("taken_down_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemption_items" ADD CONSTRAINT "redemption_items_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_item_id_redemption_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."redemption_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_verification_id_verifications_id_fk" FOREIGN KEY ("verification_id") REFERENCES "public"."verifications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_movement_id_movements_id_fk" FOREIGN KEY ("movement_id") REFERENCES "public"."movements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_holder_id_users_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_staff_id_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "redemption_items_merchant_id_status_index" ON "redemption_items" USING btree ("merchant_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "redemptions_one_per_check" ON "redemptions" USING btree ("verification_id");--> statement-breakpoint
CREATE UNIQUE INDEX "redemptions_one_per_movement" ON "redemptions" USING btree ("movement_id");--> statement-breakpoint
CREATE INDEX "redemptions_merchant_id_id_index" ON "redemptions" USING btree ("merchant_id","id");--> statement-breakpoint
CREATE INDEX "redemptions_holder_id_id_index" ON "redemptions" USING btree ("holder_id","id");--> statement-breakpoint
CREATE INDEX "redemptions_item_id_index" ON "redemptions" USING btree ("item_id");--> statement-breakpoint
ALTER TABLE "movements" ADD CONSTRAINT "movements_kind_shape" CHECK (CASE "movements"."kind"::text
        WHEN 'gift' THEN "movements"."from_user" IS NOT NULL AND "movements"."to_user" IS NOT NULL
        WHEN 'donation' THEN "movements"."from_user" IS NOT NULL AND "movements"."to_account" IS NOT NULL
        WHEN 'redemption' THEN "movements"."from_user" IS NOT NULL AND "movements"."to_account" IS NOT NULL
        ELSE "movements"."from_account" IS NOT NULL AND "movements"."to_account" IS NOT NULL AND "movements"."help_request_id" IS NOT NULL END);--> statement-breakpoint
-- Redemptions are history, as movement lines: never edited, never deleted.
CREATE FUNCTION redemptions_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'redemptions is append-only: % refused', TG_OP USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER redemptions_no_update BEFORE UPDATE OR DELETE ON redemptions
  FOR EACH ROW EXECUTE FUNCTION redemptions_refuse_change();
--> statement-breakpoint
CREATE TRIGGER redemptions_no_truncate BEFORE TRUNCATE ON redemptions
  FOR EACH STATEMENT EXECUTE FUNCTION redemptions_refuse_change();
--> statement-breakpoint
-- Generated by scripts/lifecycles-sql.ts (lifecyclesAddedSql) from shared/src/lifecycles.ts: do not edit by hand.
INSERT INTO "lifecycle_moves" ("table_name", "from_status", "to_status") VALUES
  ('redemption_items', 'published', 'hidden'),
  ('redemption_items', 'published', 'ended'),
  ('redemption_items', 'published', 'taken_down'),
  ('redemption_items', 'hidden', 'published'),
  ('redemption_items', 'hidden', 'ended'),
  ('redemption_items', 'hidden', 'taken_down');
--> statement-breakpoint
CREATE TRIGGER "redemption_items_lifecycle" BEFORE UPDATE OF status ON "redemption_items"
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION lifecycle_guard();
