CREATE TYPE "public"."digital_topic" AS ENUM('mobile_payment', 'online_services', 'health_code', 'video_calls', 'online_shopping', 'fraud_prevention', 'smartphone_basics', 'other');--> statement-breakpoint
CREATE TYPE "public"."challenge_status" AS ENUM('open', 'closed', 'converted', 'taken_down');--> statement-breakpoint
CREATE TYPE "public"."help_kind" AS ENUM('meal', 'bath', 'shopping', 'visit', 'digital_help', 'other');--> statement-breakpoint
CREATE TYPE "public"."help_request_status" AS ENUM('open', 'scheduled', 'done', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."household_actor_role" AS ENUM('officer', 'proxy');--> statement-breakpoint
CREATE TYPE "public"."household_category" AS ENUM('elderly_alone', 'disabled', 'low_income', 'other');--> statement-breakpoint
CREATE TYPE "public"."household_log_action" AS ENUM('household.registered', 'household.updated', 'household.consent_withdrawn', 'proxy.added', 'proxy.removed', 'request.raised', 'request.scheduled', 'request.done', 'request.cancelled', 'history.viewed');--> statement-breakpoint
CREATE TYPE "public"."household_status" AS ENUM('active', 'archived');--> statement-breakpoint
CREATE TYPE "public"."publication_status" AS ENUM('published', 'hidden', 'taken_down');--> statement-breakpoint
ALTER TYPE "public"."ledger_source" ADD VALUE 'sponsorship';--> statement-breakpoint
CREATE TABLE "challenge_bonus_awards" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "challenge_bonus_awards_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"challenge_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"attendance_id" integer NOT NULL,
	"slot" integer NOT NULL,
	"amount" integer NOT NULL,
	"awarded_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "challenge_bonus_awards_once" UNIQUE("challenge_id","user_id"),
	CONSTRAINT "challenge_bonus_awards_slot" UNIQUE("challenge_id","slot"),
	CONSTRAINT "challenge_bonus_awards_attendanceId_unique" UNIQUE("attendance_id"),
	CONSTRAINT "challenge_bonus_awards_positive" CHECK ("challenge_bonus_awards"."amount" > 0 AND "challenge_bonus_awards"."slot" > 0)
);
--> statement-breakpoint
CREATE TABLE "challenge_proposals" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "challenge_proposals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"challenge_id" integer NOT NULL,
	"author_id" integer NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "challenge_proposals_challengeId_authorId_unique" UNIQUE("challenge_id","author_id"),
	CONSTRAINT "challenge_proposals_id_challenge" UNIQUE("id","challenge_id")
);
--> statement-breakpoint
CREATE TABLE "challenge_votes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "challenge_votes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"challenge_id" integer NOT NULL,
	"proposal_id" integer NOT NULL,
	"voter_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "challenge_votes_one_per_person" UNIQUE("challenge_id","voter_id")
);
--> statement-breakpoint
CREATE TABLE "challenges" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "challenges_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"merchant_id" integer NOT NULL,
	"author_id" integer NOT NULL,
	"title" text NOT NULL,
	"problem" text NOT NULL,
	"photo_urls" text[] DEFAULT '{}'::text[] NOT NULL,
	"bonus_points" integer,
	"bonus_max_participants" integer,
	"status" "challenge_status" DEFAULT 'open' NOT NULL,
	"winning_proposal_id" integer,
	"closed_by" integer,
	"closed_at" timestamp with time zone,
	"activity_id" integer,
	"activity_bonus" boolean DEFAULT false NOT NULL,
	"take_down_reason" text,
	"taken_down_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "challenges_activityId_unique" UNIQUE("activity_id"),
	CONSTRAINT "challenges_bonus_pair" CHECK (("challenges"."bonus_points" IS NULL) = ("challenges"."bonus_max_participants" IS NULL)),
	CONSTRAINT "challenges_bonus_positive" CHECK ("challenges"."bonus_points" IS NULL OR ("challenges"."bonus_points" > 0 AND "challenges"."bonus_max_participants" > 0)),
	CONSTRAINT "challenges_converted_has_activity" CHECK (("challenges"."status" = 'converted') = ("challenges"."activity_id" IS NOT NULL)),
	CONSTRAINT "challenges_closed_fields" CHECK ("challenges"."status" = 'open' OR "challenges"."status" = 'taken_down' OR "challenges"."closed_at" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "help_requests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "help_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"household_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"kind" "help_kind" NOT NULL,
	"preferred_time" text NOT NULL,
	"details" text DEFAULT '' NOT NULL,
	"status" "help_request_status" DEFAULT 'open' NOT NULL,
	"raised_by" integer NOT NULL,
	"raised_as" "household_actor_role" NOT NULL,
	"activity_id" integer,
	"scheduled_by" integer,
	"scheduled_at" timestamp with time zone,
	"closed_by" integer,
	"closed_at" timestamp with time zone,
	"close_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_requests_activityId_unique" UNIQUE("activity_id"),
	CONSTRAINT "help_requests_activity_when_scheduled" CHECK ("help_requests"."status" NOT IN ('scheduled', 'done') OR ("help_requests"."activity_id" IS NOT NULL AND "help_requests"."scheduled_at" IS NOT NULL)),
	CONSTRAINT "help_requests_open_unlinked" CHECK ("help_requests"."status" <> 'open' OR "help_requests"."activity_id" IS NULL),
	CONSTRAINT "help_requests_closed_fields" CHECK (("help_requests"."status" IN ('done', 'cancelled')) = ("help_requests"."closed_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "household_log" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "household_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"household_id" integer NOT NULL,
	"actor_id" integer NOT NULL,
	"actor_role" "household_actor_role" NOT NULL,
	"action" "household_log_action" NOT NULL,
	"request_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_proxies" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "household_proxies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"household_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"relation" text NOT NULL,
	"added_by" integer NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	"removed_by" integer
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "households_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"status" "household_status" DEFAULT 'active' NOT NULL,
	"category" "household_category" NOT NULL,
	"label" text,
	"address" text,
	"phone" text,
	"notes" text,
	"consent_given_by" text NOT NULL,
	"consent_given_at" timestamp with time zone NOT NULL,
	"consent_version" text NOT NULL,
	"consent_recorded_by" integer NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" integer,
	"withdrawal_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "households_active_has_data" CHECK ("households"."status" <> 'active' OR ("households"."label" IS NOT NULL AND "households"."address" IS NOT NULL AND "households"."withdrawn_at" IS NULL)),
	CONSTRAINT "households_archived_cleared" CHECK ("households"."status" <> 'archived' OR ("households"."label" IS NULL AND "households"."address" IS NULL AND "households"."phone" IS NULL AND "households"."notes" IS NULL AND "households"."withdrawn_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "wechat_outbox" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "wechat_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"notification_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"template_id" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wechat_outbox_notificationId_unique" UNIQUE("notification_id"),
	CONSTRAINT "wechat_outbox_status" CHECK ("wechat_outbox"."status" IN ('pending', 'sending', 'sent', 'failed')),
	CONSTRAINT "wechat_outbox_sent_at" CHECK (("wechat_outbox"."status" = 'sent') = ("wechat_outbox"."sent_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "wechat_subscriptions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "wechat_subscriptions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"kind" text NOT NULL,
	"template_id" text NOT NULL,
	"credits" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wechat_subscriptions_userId_templateId_unique" UNIQUE("user_id","template_id"),
	CONSTRAINT "wechat_subscriptions_credits" CHECK ("wechat_subscriptions"."credits" >= 0 AND "wechat_subscriptions"."credits" <= 100)
);
--> statement-breakpoint
CREATE TABLE "merchant_offers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "merchant_offers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"merchant_id" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"photo" text,
	"status" "publication_status" DEFAULT 'published' NOT NULL,
	"take_down_reason" text,
	"taken_down_by" integer,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "merchant_offers_date_order" CHECK ("merchant_offers"."valid_to" >= "merchant_offers"."valid_from"),
	CONSTRAINT "merchant_offers_length" CHECK ("merchant_offers"."valid_to" - "merchant_offers"."valid_from" < 366),
	CONSTRAINT "merchant_offers_taken_down_reason" CHECK (("merchant_offers"."status" = 'taken_down') = ("merchant_offers"."take_down_reason" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "merchant_products" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "merchant_products_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"merchant_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"price_fen" integer,
	"price_text" text,
	"photos" text[] DEFAULT '{}'::text[] NOT NULL,
	"is_local" boolean DEFAULT false NOT NULL,
	"status" "publication_status" DEFAULT 'published' NOT NULL,
	"take_down_reason" text,
	"taken_down_by" integer,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "merchant_products_price_given" CHECK ("merchant_products"."price_fen" IS NOT NULL OR "merchant_products"."price_text" IS NOT NULL),
	CONSTRAINT "merchant_products_price_range" CHECK ("merchant_products"."price_fen" IS NULL OR "merchant_products"."price_fen" >= 0),
	CONSTRAINT "merchant_products_photos" CHECK (coalesce(array_length("merchant_products"."photos", 1), 0) <= 6),
	CONSTRAINT "merchant_products_taken_down_reason" CHECK (("merchant_products"."status" = 'taken_down') = ("merchant_products"."take_down_reason" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "topic" "digital_topic";--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
ALTER TABLE "challenge_bonus_awards" ADD CONSTRAINT "challenge_bonus_awards_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_bonus_awards" ADD CONSTRAINT "challenge_bonus_awards_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_bonus_awards" ADD CONSTRAINT "challenge_bonus_awards_attendance_id_attendances_id_fk" FOREIGN KEY ("attendance_id") REFERENCES "public"."attendances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_bonus_awards" ADD CONSTRAINT "challenge_bonus_awards_awarded_by_users_id_fk" FOREIGN KEY ("awarded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_proposals" ADD CONSTRAINT "challenge_proposals_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_proposals" ADD CONSTRAINT "challenge_proposals_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_votes" ADD CONSTRAINT "challenge_votes_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_votes" ADD CONSTRAINT "challenge_votes_voter_id_users_id_fk" FOREIGN KEY ("voter_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_votes" ADD CONSTRAINT "challenge_votes_proposal_of_challenge" FOREIGN KEY ("proposal_id","challenge_id") REFERENCES "public"."challenge_proposals"("id","challenge_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_winning_proposal_id_challenge_proposals_id_fk" FOREIGN KEY ("winning_proposal_id") REFERENCES "public"."challenge_proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_taken_down_by_users_id_fk" FOREIGN KEY ("taken_down_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_requests" ADD CONSTRAINT "help_requests_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_requests" ADD CONSTRAINT "help_requests_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_requests" ADD CONSTRAINT "help_requests_raised_by_users_id_fk" FOREIGN KEY ("raised_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_requests" ADD CONSTRAINT "help_requests_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_requests" ADD CONSTRAINT "help_requests_scheduled_by_users_id_fk" FOREIGN KEY ("scheduled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_requests" ADD CONSTRAINT "help_requests_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_log" ADD CONSTRAINT "household_log_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_log" ADD CONSTRAINT "household_log_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_log" ADD CONSTRAINT "household_log_request_id_help_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."help_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_proxies" ADD CONSTRAINT "household_proxies_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_proxies" ADD CONSTRAINT "household_proxies_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_proxies" ADD CONSTRAINT "household_proxies_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_proxies" ADD CONSTRAINT "household_proxies_removed_by_users_id_fk" FOREIGN KEY ("removed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_consent_recorded_by_users_id_fk" FOREIGN KEY ("consent_recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_withdrawn_by_users_id_fk" FOREIGN KEY ("withdrawn_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wechat_outbox" ADD CONSTRAINT "wechat_outbox_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wechat_outbox" ADD CONSTRAINT "wechat_outbox_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wechat_subscriptions" ADD CONSTRAINT "wechat_subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merchant_offers" ADD CONSTRAINT "merchant_offers_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merchant_offers" ADD CONSTRAINT "merchant_offers_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merchant_offers" ADD CONSTRAINT "merchant_offers_taken_down_by_users_id_fk" FOREIGN KEY ("taken_down_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merchant_offers" ADD CONSTRAINT "merchant_offers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merchant_products" ADD CONSTRAINT "merchant_products_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merchant_products" ADD CONSTRAINT "merchant_products_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merchant_products" ADD CONSTRAINT "merchant_products_taken_down_by_users_id_fk" FOREIGN KEY ("taken_down_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merchant_products" ADD CONSTRAINT "merchant_products_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "challenge_votes_proposal_id_index" ON "challenge_votes" USING btree ("proposal_id");--> statement-breakpoint
CREATE INDEX "challenges_community_id_status_index" ON "challenges" USING btree ("community_id","status");--> statement-breakpoint
CREATE INDEX "help_requests_community_id_status_index" ON "help_requests" USING btree ("community_id","status");--> statement-breakpoint
CREATE INDEX "help_requests_household_id_index" ON "help_requests" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "household_log_household_id_id_index" ON "household_log" USING btree ("household_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "household_proxies_active_unique" ON "household_proxies" USING btree ("household_id","user_id") WHERE "household_proxies"."removed_at" IS NULL;--> statement-breakpoint
CREATE INDEX "household_proxies_user_id_index" ON "household_proxies" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "households_community_id_status_index" ON "households" USING btree ("community_id","status");--> statement-breakpoint
CREATE INDEX "wechat_outbox_status_next_attempt_at_index" ON "wechat_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "wechat_subscriptions_user_id_kind_index" ON "wechat_subscriptions" USING btree ("user_id","kind");--> statement-breakpoint
CREATE INDEX "merchant_offers_merchant_id_status_valid_to_index" ON "merchant_offers" USING btree ("merchant_id","status","valid_to");--> statement-breakpoint
CREATE INDEX "merchant_products_merchant_id_status_index" ON "merchant_products" USING btree ("merchant_id","status");--> statement-breakpoint
CREATE INDEX "attendances_community_id_created_at_user_id_index" ON "attendances" USING btree ("community_id","created_at","user_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_community_id_id_index" ON "ledger_entries" USING btree ("community_id","id");--> statement-breakpoint
CREATE INDEX "ledger_entries_community_id_created_at_amount_minutes_index" ON "ledger_entries" USING btree ("community_id","created_at","amount","minutes");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_dedupeKey_unique" UNIQUE("dedupe_key");--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_topic_digital" CHECK ("activities"."topic" IS NULL OR "activities"."category" = 'digital_skills');