CREATE TABLE "record_shares" (
	"org_id" uuid NOT NULL,
	"record_type" text NOT NULL,
	"record_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"access" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "record_shares_org_id_record_type_record_id_user_id_pk" PRIMARY KEY("org_id","record_type","record_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "record_shares" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "record_shares_user_idx" ON "record_shares" USING btree ("org_id","user_id","record_type");--> statement-breakpoint
CREATE POLICY "record_shares_tenant" ON "record_shares" AS PERMISSIVE FOR ALL TO public USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid) WITH CHECK (org_id = nullif(current_setting('app.org_id', true), '')::uuid);