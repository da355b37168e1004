CREATE TYPE "public"."acceptance_scope" AS ENUM('own_community', 'district', 'installation');--> statement-breakpoint
ALTER TABLE "communities" ADD COLUMN "acceptance_scope" "acceptance_scope";--> statement-breakpoint
ALTER TABLE "districts" ADD COLUMN "acceptance_scope" "acceptance_scope" DEFAULT 'installation' NOT NULL;