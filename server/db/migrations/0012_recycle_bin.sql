DROP INDEX "customers_name_key";--> statement-breakpoint
DROP INDEX "customers_credit_code_key";--> statement-breakpoint
DROP INDEX "customers_next_contact_idx";--> statement-breakpoint
DROP INDEX "followups_reminder_idx";--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "deleted_by" uuid;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "deleted_by" uuid;--> statement-breakpoint
ALTER TABLE "followups" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "followups" ADD COLUMN "deleted_by" uuid;--> statement-breakpoint
CREATE INDEX "customers_deleted_idx" ON "customers" USING btree ("org_id","deleted_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE deleted_at is not null;--> statement-breakpoint
CREATE INDEX "contacts_deleted_idx" ON "contacts" USING btree ("org_id","deleted_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE deleted_at is not null;--> statement-breakpoint
CREATE INDEX "followups_deleted_idx" ON "followups" USING btree ("org_id","deleted_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE deleted_at is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "customers_name_key" ON "customers" USING btree ("org_id","name_key") WHERE deleted_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "customers_credit_code_key" ON "customers" USING btree ("org_id","credit_code") WHERE credit_code is not null and deleted_at is null;--> statement-breakpoint
CREATE INDEX "customers_next_contact_idx" ON "customers" USING btree ("org_id","owner_id","next_contact_at") WHERE next_contact_at is not null and deleted_at is null;--> statement-breakpoint
CREATE INDEX "followups_reminder_idx" ON "followups" USING btree ("next_contact_at") WHERE next_contact_at is not null and reminded_at is null and deleted_at is null;