CREATE TABLE "ledger_daily" (
	"community_id" integer NOT NULL,
	"day" date NOT NULL,
	"amount" bigint NOT NULL,
	"minutes" bigint NOT NULL,
	"lines" integer NOT NULL,
	CONSTRAINT "ledger_daily_community_id_day_pk" PRIMARY KEY("community_id","day"),
	CONSTRAINT "ledger_daily_lines_positive" CHECK ("ledger_daily"."lines" > 0)
);
--> statement-breakpoint
ALTER TABLE "ledger_daily" ADD CONSTRAINT "ledger_daily_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;