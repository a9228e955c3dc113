CREATE TABLE "countries" (
	"code" text PRIMARY KEY NOT NULL,
	"alpha3" text NOT NULL,
	"numeric" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "countries_alpha3_unique" UNIQUE("alpha3"),
	CONSTRAINT "countries_code_format" CHECK ("countries"."code" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
CREATE TABLE "subdivisions" (
	"code" text PRIMARY KEY NOT NULL,
	"country_code" text NOT NULL,
	"parent_code" text,
	"name" text NOT NULL,
	CONSTRAINT "subdivisions_code_format" CHECK ("subdivisions"."code" ~ '^[A-Z]{2}-[A-Z0-9]{1,3}$')
);
--> statement-breakpoint
CREATE TABLE "exchange_rates" (
	"from_currency" text NOT NULL,
	"to_currency" text NOT NULL,
	"rate" numeric(30, 18) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_rates_from_currency_to_currency_pk" PRIMARY KEY("from_currency","to_currency")
);
--> statement-breakpoint
CREATE TABLE "price_books" (
	"key" text PRIMARY KEY NOT NULL,
	"channel_id" uuid NOT NULL,
	"location_id" uuid,
	"account_id" uuid,
	"group_ids" uuid[] NOT NULL,
	"last_loaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "price_list_entries" (
	"price_list_id" uuid NOT NULL,
	"variant_id" uuid NOT NULL,
	"tiers" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "price_list_entries_price_list_id_variant_id_pk" PRIMARY KEY("price_list_id","variant_id")
);
--> statement-breakpoint
CREATE TABLE "price_lists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"channel_id" uuid,
	"currency" text NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"valid_from" timestamp with time zone,
	"valid_to" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "price_overrides" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"level" text NOT NULL,
	"scope_id" uuid,
	"variant_id" uuid NOT NULL,
	"channel_id" uuid,
	"currency" text NOT NULL,
	"tiers" jsonb NOT NULL,
	"valid_from" timestamp with time zone,
	"valid_to" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tax_categories" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"sales_category" text NOT NULL,
	"excise_class" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tax_jurisdictions" (
	"key" text PRIMARY KEY NOT NULL,
	"level" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"parent_key" text,
	"country_code" text NOT NULL,
	"subdivision_code" text,
	"postal_patterns" text[] DEFAULT '{}' NOT NULL,
	"shipping_taxable" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tax_jurisdictions_parent_level_code_uq" UNIQUE("parent_key","level","code"),
	CONSTRAINT "tax_jurisdictions_level_check" CHECK ("tax_jurisdictions"."level" in ('country', 'state', 'county', 'city', 'district')),
	CONSTRAINT "tax_jurisdictions_country_shape" CHECK ("tax_jurisdictions"."level" <> 'country' or ("tax_jurisdictions"."parent_key" is null and "tax_jurisdictions"."key" = "tax_jurisdictions"."code" and "tax_jurisdictions"."code" = "tax_jurisdictions"."country_code")),
	CONSTRAINT "tax_jurisdictions_state_shape" CHECK ("tax_jurisdictions"."level" <> 'state' or "tax_jurisdictions"."subdivision_code" = "tax_jurisdictions"."code")
);
--> statement-breakpoint
CREATE TABLE "tax_rates" (
	"id" text PRIMARY KEY NOT NULL,
	"jurisdiction_key" text NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"rate" numeric NOT NULL,
	"excise_basis" text,
	"currency" text,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tax_rates_kind_check" CHECK ("tax_rates"."kind" in ('sales', 'excise')),
	CONSTRAINT "tax_rates_rate_nonnegative" CHECK ("tax_rates"."rate" >= 0),
	CONSTRAINT "tax_rates_period_check" CHECK ("tax_rates"."valid_to" is null or "tax_rates"."valid_to" > "tax_rates"."valid_from"),
	CONSTRAINT "tax_rates_basis_check" CHECK (("tax_rates"."kind" = 'sales' and "tax_rates"."excise_basis" is null) or ("tax_rates"."kind" = 'excise' and "tax_rates"."excise_basis" in ('per_unit', 'per_ml', 'percent_wholesale', 'percent_retail')))
);
--> statement-breakpoint
CREATE TABLE "tax_state_settings" (
	"subdivision_code" text PRIMARY KEY NOT NULL,
	"sourcing" text DEFAULT 'destination' NOT NULL,
	"has_nexus" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tax_state_settings_sourcing_check" CHECK ("tax_state_settings"."sourcing" in ('origin', 'destination'))
);
--> statement-breakpoint
ALTER TABLE "subdivisions" ADD CONSTRAINT "subdivisions_country_code_countries_code_fk" FOREIGN KEY ("country_code") REFERENCES "public"."countries"("code") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subdivisions" ADD CONSTRAINT "subdivisions_parent_code_subdivisions_code_fk" FOREIGN KEY ("parent_code") REFERENCES "public"."subdivisions"("code") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_list_entries" ADD CONSTRAINT "price_list_entries_price_list_id_price_lists_id_fk" FOREIGN KEY ("price_list_id") REFERENCES "public"."price_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_lists" ADD CONSTRAINT "price_lists_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_overrides" ADD CONSTRAINT "price_overrides_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_jurisdictions" ADD CONSTRAINT "tax_jurisdictions_parent_key_tax_jurisdictions_key_fk" FOREIGN KEY ("parent_key") REFERENCES "public"."tax_jurisdictions"("key") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_jurisdictions" ADD CONSTRAINT "tax_jurisdictions_country_code_countries_code_fk" FOREIGN KEY ("country_code") REFERENCES "public"."countries"("code") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_jurisdictions" ADD CONSTRAINT "tax_jurisdictions_subdivision_code_subdivisions_code_fk" FOREIGN KEY ("subdivision_code") REFERENCES "public"."subdivisions"("code") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_rates" ADD CONSTRAINT "tax_rates_jurisdiction_key_tax_jurisdictions_key_fk" FOREIGN KEY ("jurisdiction_key") REFERENCES "public"."tax_jurisdictions"("key") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_state_settings" ADD CONSTRAINT "tax_state_settings_subdivision_code_subdivisions_code_fk" FOREIGN KEY ("subdivision_code") REFERENCES "public"."subdivisions"("code") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "subdivisions_country_idx" ON "subdivisions" USING btree ("country_code","code");--> statement-breakpoint
CREATE UNIQUE INDEX "price_books_key_idx" ON "price_books" USING btree ("key");--> statement-breakpoint
CREATE INDEX "price_list_entries_variant_idx" ON "price_list_entries" USING btree ("variant_id");--> statement-breakpoint
CREATE INDEX "price_lists_channel_idx" ON "price_lists" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "price_overrides_variant_idx" ON "price_overrides" USING btree ("variant_id","level");--> statement-breakpoint
CREATE INDEX "price_overrides_scope_idx" ON "price_overrides" USING btree ("level","scope_id");--> statement-breakpoint
CREATE INDEX "tax_jurisdictions_country_idx" ON "tax_jurisdictions" USING btree ("country_code");--> statement-breakpoint
CREATE INDEX "tax_jurisdictions_parent_idx" ON "tax_jurisdictions" USING btree ("parent_key");--> statement-breakpoint
CREATE INDEX "tax_rates_slot_idx" ON "tax_rates" USING btree ("jurisdiction_key","kind","category","valid_from");