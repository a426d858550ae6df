DROP INDEX "contacts_owner_idx";--> statement-breakpoint
DROP INDEX "contacts_updated_idx";--> statement-breakpoint
DROP INDEX "followups_customer_idx";--> statement-breakpoint
DROP INDEX "followups_contact_idx";--> statement-breakpoint
DROP INDEX "followups_owner_idx";--> statement-breakpoint
DROP INDEX "followups_occurred_idx";--> statement-breakpoint
CREATE INDEX "contacts_created_idx" ON "contacts" USING btree ("org_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "contacts_name_idx" ON "contacts" USING btree ("org_id","name","id");--> statement-breakpoint
CREATE INDEX "followups_author_idx" ON "followups" USING btree ("org_id","created_by","occurred_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "contacts_owner_idx" ON "contacts" USING btree ("org_id","owner_id","updated_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "contacts_updated_idx" ON "contacts" USING btree ("org_id","updated_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "followups_customer_idx" ON "followups" USING btree ("org_id","customer_id","occurred_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "followups_contact_idx" ON "followups" USING btree ("org_id","contact_id","occurred_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE contact_id is not null;--> statement-breakpoint
CREATE INDEX "followups_owner_idx" ON "followups" USING btree ("org_id","owner_id","occurred_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "followups_occurred_idx" ON "followups" USING btree ("org_id","occurred_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);