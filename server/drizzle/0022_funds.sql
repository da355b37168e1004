CREATE TYPE "public"."claim_line_decision" AS ENUM('pending', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."claim_status" AS ENUM('submitted', 'decided', 'paid');--> statement-breakpoint
CREATE TABLE "claim_lines" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "claim_lines_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"claim_id" integer NOT NULL,
	"redemption_id" integer NOT NULL,
	"amount_fen" integer NOT NULL,
	"decision" "claim_line_decision" DEFAULT 'pending' NOT NULL,
	"reason" text,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	CONSTRAINT "claim_lines_amount" CHECK ("claim_lines"."amount_fen" > 0),
	CONSTRAINT "claim_lines_rejected_reason" CHECK ("claim_lines"."decision" <> 'rejected' OR "claim_lines"."reason" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "claims" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "claims_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"fund_id" integer NOT NULL,
	"merchant_id" integer NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"status" "claim_status" DEFAULT 'submitted' NOT NULL,
	"total_fen" integer NOT NULL,
	"approved_fen" integer DEFAULT 0 NOT NULL,
	"payment_ref" text,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"paid_by" integer,
	"paid_at" timestamp with time zone,
	CONSTRAINT "claims_amounts" CHECK ("claims"."total_fen" > 0 AND "claims"."approved_fen" >= 0 AND "claims"."approved_fen" <= "claims"."total_fen"),
	CONSTRAINT "claims_period" CHECK ("claims"."period_to" >= "claims"."period_from"),
	CONSTRAINT "claims_paid_ref" CHECK (("claims"."status" = 'paid') = ("claims"."payment_ref" IS NOT NULL)),
	CONSTRAINT "claims_decided_at" CHECK (("claims"."status" = 'submitted') = ("claims"."decided_at" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "funds" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "funds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"district_id" integer NOT NULL,
	"community_id" integer,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"budget_fen" integer NOT NULL,
	"per_shop_cap_fen" integer,
	"committed_fen" integer DEFAULT 0 NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "funds_budget_positive" CHECK ("funds"."budget_fen" > 0),
	CONSTRAINT "funds_cap_positive" CHECK ("funds"."per_shop_cap_fen" IS NULL OR "funds"."per_shop_cap_fen" > 0),
	CONSTRAINT "funds_within_budget" CHECK ("funds"."committed_fen" >= 0 AND "funds"."committed_fen" <= "funds"."budget_fen"),
	CONSTRAINT "funds_period" CHECK ("funds"."period_to" >= "funds"."period_from" AND "funds"."period_to" - "funds"."period_from" < 366)
);
--> statement-breakpoint
ALTER TABLE "claim_lines" ADD CONSTRAINT "claim_lines_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_lines" ADD CONSTRAINT "claim_lines_redemption_id_redemptions_id_fk" FOREIGN KEY ("redemption_id") REFERENCES "public"."redemptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_lines" ADD CONSTRAINT "claim_lines_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_fund_id_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_paid_by_users_id_fk" FOREIGN KEY ("paid_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds" ADD CONSTRAINT "funds_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds" ADD CONSTRAINT "funds_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds" ADD CONSTRAINT "funds_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "claim_lines_once" ON "claim_lines" USING btree ("redemption_id");--> statement-breakpoint
CREATE INDEX "claim_lines_claim_id_index" ON "claim_lines" USING btree ("claim_id");--> statement-breakpoint
CREATE INDEX "claims_fund_id_id_index" ON "claims" USING btree ("fund_id","id");--> statement-breakpoint
CREATE INDEX "claims_merchant_id_id_index" ON "claims" USING btree ("merchant_id","id");--> statement-breakpoint
CREATE INDEX "funds_district_id_community_id_index" ON "funds" USING btree ("district_id","community_id");--> statement-breakpoint
-- Generated by scripts/lifecycles-sql.ts (lifecyclesAddedSql) from shared/src/lifecycles.ts: do not edit by hand.
INSERT INTO "lifecycle_moves" ("table_name", "from_status", "to_status") VALUES
  ('claims', 'submitted', 'decided'),
  ('claims', 'decided', 'paid');
--> statement-breakpoint
CREATE TRIGGER "claims_lifecycle" BEFORE UPDATE OF status ON "claims"
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION lifecycle_guard();
