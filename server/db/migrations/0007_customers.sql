CREATE TABLE "customer_relations" (
	"org_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"related_id" uuid NOT NULL,
	"relation_type" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_relations_org_id_customer_id_related_id_pk" PRIMARY KEY("org_id","customer_id","related_id")
);
--> statement-breakpoint
ALTER TABLE "customer_relations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "customers" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"number" text NOT NULL,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"english_name" text,
	"kind" text DEFAULT 'enterprise' NOT NULL,
	"channel" text DEFAULT 'end' NOT NULL,
	"industry" text,
	"source" text,
	"importance" smallint,
	"level" text,
	"status" text DEFAULT 'potential' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"phone" text,
	"phone_key" text,
	"email" text,
	"province_code" text,
	"city_code" text,
	"district_code" text,
	"address" text,
	"credit_code" text,
	"website" text,
	"other_info" text,
	"custom" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"owner_id" uuid,
	"owner_since" timestamp with time zone,
	"previous_owner_id" uuid,
	"pool_entered_at" timestamp with time zone,
	"pool_warned_at" timestamp with time zone,
	"last_followup_at" timestamp with time zone,
	"last_followup_content" text,
	"next_contact_at" timestamp with time zone,
	"last_deal_at" timestamp with time zone,
	"approval_state" text DEFAULT 'active' NOT NULL,
	"pending_request_id" uuid,
	"import_id" uuid,
	"search_grams" text[] DEFAULT '{}'::text[] NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "customers_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "customers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "approval_flows" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"record_type" text NOT NULL,
	"action" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"levels" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "approval_flows_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "approval_flows" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "approval_requests" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"record_type" text NOT NULL,
	"record_id" uuid NOT NULL,
	"record_label" text NOT NULL,
	"action" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"submitter_id" uuid NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"levels" jsonb NOT NULL,
	"current_level" integer DEFAULT 0 NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "approval_requests_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "approval_requests" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "approval_steps" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"level" integer NOT NULL,
	"approver_id" uuid NOT NULL,
	"decision" text,
	"comment" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approval_steps_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "approval_steps" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "pool_events" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_owner_id" uuid,
	"to_owner_id" uuid,
	"actor_id" uuid,
	"reason" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pool_events_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "pool_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "pool_settings" (
	"org_id" uuid NOT NULL,
	"rules" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "pool_settings_org_id_pk" PRIMARY KEY("org_id")
);
--> statement-breakpoint
ALTER TABLE "pool_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "contact_groups" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "contact_groups_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "contact_groups" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "contacts" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"owner_id" uuid,
	"name" text NOT NULL,
	"gender" text DEFAULT 'unknown' NOT NULL,
	"title" text,
	"department" text,
	"mobile" text,
	"phone" text,
	"email" text,
	"wechat" text,
	"birthday" date,
	"is_primary" boolean DEFAULT false NOT NULL,
	"notes" text,
	"group_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"import_id" uuid,
	"search_grams" text[] DEFAULT '{}'::text[] NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "contacts_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "contacts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "followups" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"contact_id" uuid,
	"owner_id" uuid,
	"method" text NOT NULL,
	"content" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"next_contact_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"import_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "followups_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "followups" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "saved_views" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"list" text NOT NULL,
	"name" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"shared" boolean DEFAULT false NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "saved_views_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "saved_views" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "attachment_contents" (
	"org_id" uuid NOT NULL,
	"attachment_id" uuid NOT NULL,
	"content" "bytea" NOT NULL,
	CONSTRAINT "attachment_contents_org_id_attachment_id_pk" PRIMARY KEY("org_id","attachment_id")
);
--> statement-breakpoint
ALTER TABLE "attachment_contents" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "attachments" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"record_type" text NOT NULL,
	"record_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attachments_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "attachments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "import_changes" (
	"org_id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"record_id" uuid NOT NULL,
	"before" jsonb NOT NULL,
	CONSTRAINT "import_changes_org_id_import_id_record_id_pk" PRIMARY KEY("org_id","import_id","record_id")
);
--> statement-breakpoint
ALTER TABLE "import_changes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "import_files" (
	"org_id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"content" "bytea" NOT NULL,
	CONSTRAINT "import_files_org_id_import_id_pk" PRIMARY KEY("org_id","import_id")
);
--> statement-breakpoint
ALTER TABLE "import_files" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "imports" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"record_type" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"file_name" text NOT NULL,
	"duplicate_mode" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"created_rows" integer DEFAULT 0 NOT NULL,
	"updated_rows" integer DEFAULT 0 NOT NULL,
	"skipped_rows" integer DEFAULT 0 NOT NULL,
	"rejected_rows" integer DEFAULT 0 NOT NULL,
	"report" "bytea",
	"error" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"undone_at" timestamp with time zone,
	CONSTRAINT "imports_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "imports" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "custom_fields" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"record_type" text NOT NULL,
	"key" text NOT NULL,
	"label_zh" text NOT NULL,
	"label_en" text NOT NULL,
	"type" text NOT NULL,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"required" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "custom_fields_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "custom_fields" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "customer_relations_related_idx" ON "customer_relations" USING btree ("org_id","related_id");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_number_key" ON "customers" USING btree ("org_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_name_key" ON "customers" USING btree ("org_id","name_key");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_credit_code_key" ON "customers" USING btree ("org_id","credit_code") WHERE credit_code is not null;--> statement-breakpoint
CREATE INDEX "customers_phone_idx" ON "customers" USING btree ("org_id","phone_key") WHERE phone_key is not null;--> statement-breakpoint
CREATE INDEX "customers_owner_idx" ON "customers" USING btree ("org_id","owner_id","updated_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "customers_created_idx" ON "customers" USING btree ("org_id","created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "customers_updated_idx" ON "customers" USING btree ("org_id","updated_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "customers_status_idx" ON "customers" USING btree ("org_id","status","updated_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "customers_pool_idx" ON "customers" USING btree ("org_id","pool_entered_at" DESC NULLS LAST,"id") WHERE owner_id is null;--> statement-breakpoint
CREATE INDEX "customers_next_contact_idx" ON "customers" USING btree ("org_id","owner_id","next_contact_at") WHERE next_contact_at is not null;--> statement-breakpoint
CREATE INDEX "customers_reclaim_idx" ON "customers" USING btree ("org_id","last_followup_at") WHERE owner_id is not null;--> statement-breakpoint
CREATE INDEX "customers_unapproved_idx" ON "customers" USING btree ("org_id","created_by") WHERE approval_state <> 'active';--> statement-breakpoint
CREATE INDEX "customers_import_idx" ON "customers" USING btree ("org_id","import_id") WHERE import_id is not null;--> statement-breakpoint
CREATE INDEX "customers_tags_idx" ON "customers" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "customers_custom_idx" ON "customers" USING gin ("custom" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "customers_search_grams_idx" ON "customers" USING gin ("search_grams");--> statement-breakpoint
CREATE INDEX "customers_search_text_idx" ON "customers" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_region_idx" ON "customers" USING btree ("org_id","province_code","city_code","district_code");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_flows_type_action_key" ON "approval_flows" USING btree ("org_id","record_type","action");--> statement-breakpoint
CREATE INDEX "approval_requests_record_idx" ON "approval_requests" USING btree ("org_id","record_type","record_id","submitted_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "approval_requests_submitter_idx" ON "approval_requests" USING btree ("org_id","submitter_id","submitted_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "approval_requests_one_open_key" ON "approval_requests" USING btree ("org_id","record_type","record_id") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "approval_steps_request_level_approver_key" ON "approval_steps" USING btree ("org_id","request_id","level","approver_id");--> statement-breakpoint
CREATE INDEX "approval_steps_inbox_idx" ON "approval_steps" USING btree ("org_id","approver_id","created_at" DESC NULLS LAST) WHERE decision is null;--> statement-breakpoint
CREATE INDEX "pool_events_customer_idx" ON "pool_events" USING btree ("org_id","customer_id","at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "pool_events_actor_idx" ON "pool_events" USING btree ("org_id","actor_id","kind","at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "pool_events_from_idx" ON "pool_events" USING btree ("org_id","from_owner_id","customer_id","at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "contact_groups_name_key" ON "contact_groups" USING btree ("org_id","name");--> statement-breakpoint
CREATE INDEX "contacts_customer_idx" ON "contacts" USING btree ("org_id","customer_id","is_primary" DESC NULLS LAST,"name");--> statement-breakpoint
CREATE INDEX "contacts_owner_idx" ON "contacts" USING btree ("org_id","owner_id","updated_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "contacts_updated_idx" ON "contacts" USING btree ("org_id","updated_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "contacts_groups_idx" ON "contacts" USING gin ("group_ids");--> statement-breakpoint
CREATE INDEX "contacts_import_idx" ON "contacts" USING btree ("org_id","import_id") WHERE import_id is not null;--> statement-breakpoint
CREATE INDEX "contacts_search_grams_idx" ON "contacts" USING gin ("search_grams");--> statement-breakpoint
CREATE INDEX "contacts_search_text_idx" ON "contacts" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_one_primary_key" ON "contacts" USING btree ("org_id","customer_id") WHERE is_primary;--> statement-breakpoint
CREATE INDEX "followups_customer_idx" ON "followups" USING btree ("org_id","customer_id","occurred_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "followups_contact_idx" ON "followups" USING btree ("org_id","contact_id","occurred_at" DESC NULLS LAST) WHERE contact_id is not null;--> statement-breakpoint
CREATE INDEX "followups_owner_idx" ON "followups" USING btree ("org_id","owner_id","occurred_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "followups_occurred_idx" ON "followups" USING btree ("org_id","occurred_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "followups_reminder_idx" ON "followups" USING btree ("next_contact_at") WHERE next_contact_at is not null and reminded_at is null;--> statement-breakpoint
CREATE INDEX "followups_import_idx" ON "followups" USING btree ("org_id","import_id") WHERE import_id is not null;--> statement-breakpoint
CREATE INDEX "saved_views_owner_idx" ON "saved_views" USING btree ("org_id","list","owner_id");--> statement-breakpoint
CREATE INDEX "attachments_record_idx" ON "attachments" USING btree ("org_id","record_type","record_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "imports_created_idx" ON "imports" USING btree ("org_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "custom_fields_key" ON "custom_fields" USING btree ("org_id","record_type","key");--> statement-breakpoint
CREATE POLICY "customer_relations_tenant" ON "customer_relations" AS PERMISSIVE FOR ALL TO public USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "customers_tenant" ON "customers" AS PERMISSIVE FOR ALL TO public USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "approval_flows_tenant" ON "approval_flows" AS PERMISSIVE FOR ALL TO public USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "approval_requests_tenant" ON "approval_requests" AS PERMISSIVE FOR ALL TO public USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "approval_steps_tenant" ON "approval_steps" AS PERMISSIVE FOR ALL TO public USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "pool_events_tenant" ON "pool_events" AS PERMISSIVE FOR ALL TO public USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "pool_settings_tenant" ON "pool_settings" AS PERMISSIVE FOR ALL TO public USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "contact_groups_tenant" ON "contact_groups" AS PERMISSIVE FOR ALL TO public USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "contacts_tenant" ON "contacts" AS PERMISSIVE FOR ALL TO public USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "followups_tenant" ON "followups" AS PERMISSIVE FOR ALL TO public USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "saved_views_tenant" ON "saved_views" AS PERMISSIVE FOR ALL TO public USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "attachment_contents_tenant" ON "attachment_contents" AS PERMISSIVE FOR ALL TO public USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "attachments_tenant" ON "attachments" AS PERMISSIVE FOR ALL TO public USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "import_changes_tenant" ON "import_changes" AS PERMISSIVE FOR ALL TO public USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "import_files_tenant" ON "import_files" AS PERMISSIVE FOR ALL TO public USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "imports_tenant" ON "imports" AS PERMISSIVE FOR ALL TO public USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "custom_fields_tenant" ON "custom_fields" AS PERMISSIVE FOR ALL TO public USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);