-- Two child tables get their parent's community_id: the distribution column a Citus layout needs in
-- every table (docs/scale.md, "Path to sharding"; npm run check:distribution). Added empty, filled
-- from the parent, then made NOT NULL (expand: the code of this version writes it on every insert).
ALTER TABLE "enrolments" ADD COLUMN "community_id" integer;--> statement-breakpoint
UPDATE "enrolments" e SET "community_id" = a."community_id" FROM "activities" a WHERE a."id" = e."activity_id";--> statement-breakpoint
ALTER TABLE "enrolments" ALTER COLUMN "community_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "attendance_adjustments" ADD COLUMN "community_id" integer;--> statement-breakpoint
UPDATE "attendance_adjustments" x SET "community_id" = t."community_id" FROM "attendances" t WHERE t."id" = x."attendance_id";--> statement-breakpoint
ALTER TABLE "attendance_adjustments" ALTER COLUMN "community_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_adjustments" ADD CONSTRAINT "attendance_adjustments_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;
