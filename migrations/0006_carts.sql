CREATE TABLE "carts" (
	"id" text PRIMARY KEY NOT NULL,
	"channel_id" uuid NOT NULL,
	"owner_kind" text NOT NULL,
	"owner_id" text NOT NULL,
	"account_id" uuid,
	"location_id" uuid,
	"customer_id" uuid,
	"name" text NOT NULL,
	"is_active" boolean NOT NULL,
	"version" integer NOT NULL,
	"line_count" integer NOT NULL,
	"subtotal" bigint NOT NULL,
	"currency" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "carts_idle_idx" ON "carts" USING btree ("updated_at") WHERE line_count > 0;--> statement-breakpoint
CREATE INDEX "carts_owner_idx" ON "carts" USING btree ("channel_id","owner_kind","owner_id");