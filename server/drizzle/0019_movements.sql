CREATE TYPE "public"."gift_hold_reason" AS ENUM('per_gift', 'per_month');--> statement-breakpoint
CREATE TYPE "public"."movement_kind" AS ENUM('gift', 'donation', 'pool_spend');--> statement-breakpoint
CREATE TYPE "public"."movement_status" AS ENUM('pending', 'done', 'rejected', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."point_account_kind" AS ENUM('pool', 'spent', 'shop', 'fund');--> statement-breakpoint
CREATE TABLE "gift_limits" (
	"community_id" integer PRIMARY KEY NOT NULL,
	"per_gift" integer,
	"per_month" integer,
	"updated_by" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "gift_limits_positive" CHECK (("gift_limits"."per_gift" IS NULL OR "gift_limits"."per_gift" > 0) AND ("gift_limits"."per_month" IS NULL OR "gift_limits"."per_month" > 0))
);
--> statement-breakpoint
CREATE TABLE "movement_lines" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "movement_lines_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"movement_id" integer NOT NULL,
	"user_account" integer,
	"point_account" integer,
	"amount" integer NOT NULL,
	"balance_after" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "movement_lines_one_account" CHECK (num_nonnulls("movement_lines"."user_account", "movement_lines"."point_account") = 1),
	CONSTRAINT "movement_lines_moves" CHECK ("movement_lines"."amount" <> 0),
	CONSTRAINT "movement_lines_balance_after" CHECK ("movement_lines"."balance_after" >= 0)
);
--> statement-breakpoint
CREATE TABLE "movements" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "movements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"kind" "movement_kind" NOT NULL,
	"status" "movement_status" NOT NULL,
	"amount" integer NOT NULL,
	"from_user" integer,
	"from_account" integer,
	"to_user" integer,
	"to_account" integer,
	"help_request_id" integer,
	"note" text,
	"hold_reason" "gift_hold_reason",
	"actor_id" integer NOT NULL,
	"idempotency_key" text NOT NULL,
	"request" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	CONSTRAINT "movements_amount_positive" CHECK ("movements"."amount" > 0),
	CONSTRAINT "movements_two_sides" CHECK (num_nonnulls("movements"."from_user", "movements"."from_account") = 1 AND num_nonnulls("movements"."to_user", "movements"."to_account") = 1),
	CONSTRAINT "movements_not_to_self" CHECK ("movements"."from_user" IS DISTINCT FROM "movements"."to_user" OR "movements"."from_user" IS NULL),
	CONSTRAINT "movements_kind_shape" CHECK (CASE "movements"."kind"
        WHEN 'gift' THEN "movements"."from_user" IS NOT NULL AND "movements"."to_user" IS NOT NULL
        WHEN 'donation' THEN "movements"."from_user" IS NOT NULL AND "movements"."to_account" IS NOT NULL
        ELSE "movements"."from_account" IS NOT NULL AND "movements"."to_account" IS NOT NULL AND "movements"."help_request_id" IS NOT NULL END),
	CONSTRAINT "movements_pending_is_gift" CHECK ("movements"."status" = 'done' OR "movements"."kind" = 'gift'),
	CONSTRAINT "movements_decided" CHECK (("movements"."status" IN ('rejected', 'cancelled')) <= ("movements"."decided_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "point_accounts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "point_accounts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" "point_account_kind" NOT NULL,
	"community_id" integer NOT NULL,
	"merchant_id" integer,
	"balance" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "point_accounts_balance_non_negative" CHECK ("point_accounts"."balance" >= 0),
	CONSTRAINT "point_accounts_shop_has_merchant" CHECK (("point_accounts"."kind" = 'shop') = ("point_accounts"."merchant_id" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "gift_limits" ADD CONSTRAINT "gift_limits_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gift_limits" ADD CONSTRAINT "gift_limits_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "movement_lines" ADD CONSTRAINT "movement_lines_movement_id_movements_id_fk" FOREIGN KEY ("movement_id") REFERENCES "public"."movements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "movement_lines" ADD CONSTRAINT "movement_lines_user_account_accounts_user_id_fk" FOREIGN KEY ("user_account") REFERENCES "public"."accounts"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "movement_lines" ADD CONSTRAINT "movement_lines_point_account_point_accounts_id_fk" FOREIGN KEY ("point_account") REFERENCES "public"."point_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "movements" ADD CONSTRAINT "movements_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "movements" ADD CONSTRAINT "movements_from_user_accounts_user_id_fk" FOREIGN KEY ("from_user") REFERENCES "public"."accounts"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "movements" ADD CONSTRAINT "movements_from_account_point_accounts_id_fk" FOREIGN KEY ("from_account") REFERENCES "public"."point_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "movements" ADD CONSTRAINT "movements_to_user_accounts_user_id_fk" FOREIGN KEY ("to_user") REFERENCES "public"."accounts"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "movements" ADD CONSTRAINT "movements_to_account_point_accounts_id_fk" FOREIGN KEY ("to_account") REFERENCES "public"."point_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "movements" ADD CONSTRAINT "movements_help_request_id_help_requests_id_fk" FOREIGN KEY ("help_request_id") REFERENCES "public"."help_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "movements" ADD CONSTRAINT "movements_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "movements" ADD CONSTRAINT "movements_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_accounts" ADD CONSTRAINT "point_accounts_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_accounts" ADD CONSTRAINT "point_accounts_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "movement_lines_one_per_side" ON "movement_lines" USING btree ("movement_id",("amount" > 0));--> statement-breakpoint
CREATE INDEX "movement_lines_user_account_id_index" ON "movement_lines" USING btree ("user_account","id");--> statement-breakpoint
CREATE INDEX "movement_lines_point_account_id_index" ON "movement_lines" USING btree ("point_account","id");--> statement-breakpoint
CREATE UNIQUE INDEX "movements_idempotency" ON "movements" USING btree ("actor_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "movements_from_user_id_index" ON "movements" USING btree ("from_user","id");--> statement-breakpoint
CREATE INDEX "movements_to_user_id_index" ON "movements" USING btree ("to_user","id");--> statement-breakpoint
CREATE INDEX "movements_community_id_status_id_index" ON "movements" USING btree ("community_id","status","id");--> statement-breakpoint
CREATE INDEX "movements_from_account_id_index" ON "movements" USING btree ("from_account","id");--> statement-breakpoint
CREATE INDEX "movements_to_account_id_index" ON "movements" USING btree ("to_account","id");--> statement-breakpoint
CREATE UNIQUE INDEX "point_accounts_one_per_community" ON "point_accounts" USING btree ("kind","community_id") WHERE "point_accounts"."kind" <> 'shop';--> statement-breakpoint
CREATE UNIQUE INDEX "point_accounts_one_per_shop" ON "point_accounts" USING btree ("merchant_id") WHERE "point_accounts"."kind" = 'shop';--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_balance_non_negative" CHECK ("accounts"."balance" >= 0);--> statement-breakpoint
-- Movement lines are history, as ledger lines: never edited, never deleted.
CREATE FUNCTION movement_lines_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'movement_lines is append-only: % refused', TG_OP USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER movement_lines_no_update BEFORE UPDATE OR DELETE ON movement_lines
  FOR EACH ROW EXECUTE FUNCTION movement_lines_refuse_change();
--> statement-breakpoint
CREATE TRIGGER movement_lines_no_truncate BEFORE TRUNCATE ON movement_lines
  FOR EACH STATEMENT EXECUTE FUNCTION movement_lines_refuse_change();
--> statement-breakpoint
-- Double entry, checked at commit: a done movement has exactly two lines, one leaving and one
-- arriving, that sum to zero, each of the movement's amount, on the movement's own two accounts; a
-- movement that is not done has none. Deferred, so the movement and its lines are written in any
-- order inside their transaction.
CREATE FUNCTION movement_balanced() RETURNS trigger AS $$
DECLARE
  m movements%ROWTYPE;
  n integer;
  s bigint;
  ok_sides boolean;
BEGIN
  SELECT * INTO m FROM movements WHERE id = NEW.movement_id;
  SELECT count(*), coalesce(sum(l.amount), 0),
         coalesce(bool_and(CASE WHEN l.amount < 0
           THEN l.amount = -m.amount AND l.user_account IS NOT DISTINCT FROM m.from_user
                AND l.point_account IS NOT DISTINCT FROM m.from_account
           ELSE l.amount = m.amount AND l.user_account IS NOT DISTINCT FROM m.to_user
                AND l.point_account IS NOT DISTINCT FROM m.to_account END), true)
    INTO n, s, ok_sides
    FROM movement_lines l WHERE l.movement_id = m.id;
  IF n <> (CASE WHEN m.status = 'done' THEN 2 ELSE 0 END) OR s <> 0 OR NOT ok_sides THEN
    RAISE EXCEPTION 'movement % is not balanced: % lines summing to % (status %)', m.id, n, s, m.status
      USING ERRCODE = 'check_violation', CONSTRAINT = 'movement_balanced';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER movement_lines_balanced AFTER INSERT ON movement_lines
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION movement_balanced();
--> statement-breakpoint
CREATE FUNCTION movements_balanced() RETURNS trigger AS $$
DECLARE
  n integer;
  s bigint;
BEGIN
  SELECT count(*), coalesce(sum(amount), 0) INTO n, s FROM movement_lines WHERE movement_id = NEW.id;
  IF n <> (CASE WHEN NEW.status = 'done' THEN 2 ELSE 0 END) OR s <> 0 THEN
    RAISE EXCEPTION 'movement % is not balanced: % lines summing to % (status %)', NEW.id, n, s, NEW.status
      USING ERRCODE = 'check_violation', CONSTRAINT = 'movement_balanced';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER movements_balanced AFTER INSERT OR UPDATE ON movements
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION movements_balanced();
--> statement-breakpoint
-- Every community has its pool (公益池) and its spent account from the start: those of the
-- communities there now, and a trigger for every new one.
INSERT INTO point_accounts (kind, community_id)
SELECT k.kind::point_account_kind, c.id FROM communities c CROSS JOIN (VALUES ('pool'), ('spent')) AS k(kind)
ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE FUNCTION communities_point_accounts() RETURNS trigger AS $$
BEGIN
  INSERT INTO point_accounts (kind, community_id) VALUES ('pool', NEW.id), ('spent', NEW.id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER communities_point_accounts AFTER INSERT ON communities
  FOR EACH ROW EXECUTE FUNCTION communities_point_accounts();
--> statement-breakpoint
-- Generated by scripts/lifecycles-sql.ts (lifecyclesAddedSql) from shared/src/lifecycles.ts: do not edit by hand.
INSERT INTO "lifecycle_moves" ("table_name", "from_status", "to_status") VALUES
  ('movements', 'pending', 'done'),
  ('movements', 'pending', 'rejected'),
  ('movements', 'pending', 'cancelled');
--> statement-breakpoint
CREATE TRIGGER "movements_lifecycle" BEFORE UPDATE OF status ON "movements"
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION lifecycle_guard();
