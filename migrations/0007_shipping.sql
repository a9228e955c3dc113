CREATE TABLE "box_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"box_id" uuid NOT NULL,
	"provider_id" uuid,
	"method_id" uuid,
	CONSTRAINT "box_assignments_provider_unique" UNIQUE("box_id","provider_id"),
	CONSTRAINT "box_assignments_method_unique" UNIQUE("box_id","method_id"),
	CONSTRAINT "box_assignments_target_check" CHECK (("box_assignments"."provider_id" is null) <> ("box_assignments"."method_id" is null))
);
--> statement-breakpoint
CREATE TABLE "box_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"inner_length_mm" integer NOT NULL,
	"inner_width_mm" integer NOT NULL,
	"inner_height_mm" integer NOT NULL,
	"outer_length_mm" integer NOT NULL,
	"outer_width_mm" integer NOT NULL,
	"outer_height_mm" integer NOT NULL,
	"tare_g" integer DEFAULT 0 NOT NULL,
	"max_load_g" integer,
	"material_cost_minor" integer DEFAULT 0 NOT NULL,
	"padded" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "box_templates_code_unique" UNIQUE("code"),
	CONSTRAINT "box_templates_dims_check" CHECK ("box_templates"."inner_length_mm" > 0 and "box_templates"."inner_width_mm" > 0 and "box_templates"."inner_height_mm" > 0 and "box_templates"."outer_length_mm" >= "box_templates"."inner_length_mm" and "box_templates"."outer_width_mm" >= "box_templates"."inner_width_mm" and "box_templates"."outer_height_mm" >= "box_templates"."inner_height_mm" and "box_templates"."tare_g" >= 0 and coalesce("box_templates"."max_load_g", 1) > 0 and "box_templates"."material_cost_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "shipping_methods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"rate_strategy" text NOT NULL,
	"rate_config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"currency" text NOT NULL,
	"ship_mode" text DEFAULT 'box' NOT NULL,
	"allowed_classes" text[] DEFAULT '{}' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shipping_methods_code_unique" UNIQUE("code"),
	CONSTRAINT "shipping_methods_ship_mode_check" CHECK ("shipping_methods"."ship_mode" in ('box', 'order'))
);
--> statement-breakpoint
CREATE TABLE "shipping_providers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shipping_providers_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "shipping_zone_methods" (
	"zone_id" uuid NOT NULL,
	"method_id" uuid NOT NULL,
	CONSTRAINT "shipping_zone_methods_zone_id_method_id_pk" PRIMARY KEY("zone_id","method_id")
);
--> statement-breakpoint
CREATE TABLE "shipping_zone_regions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"zone_id" uuid NOT NULL,
	"country_code" text NOT NULL,
	"subdivision_code" text,
	"postal_patterns" text[] DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipping_zones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shipping_zones_channel_code_unique" UNIQUE("channel_id","code")
);
--> statement-breakpoint
ALTER TABLE "box_assignments" ADD CONSTRAINT "box_assignments_box_id_box_templates_id_fk" FOREIGN KEY ("box_id") REFERENCES "public"."box_templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "box_assignments" ADD CONSTRAINT "box_assignments_provider_id_shipping_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."shipping_providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "box_assignments" ADD CONSTRAINT "box_assignments_method_id_shipping_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."shipping_methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipping_methods" ADD CONSTRAINT "shipping_methods_provider_id_shipping_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."shipping_providers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipping_zone_methods" ADD CONSTRAINT "shipping_zone_methods_zone_id_shipping_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."shipping_zones"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipping_zone_methods" ADD CONSTRAINT "shipping_zone_methods_method_id_shipping_methods_id_fk" FOREIGN KEY ("method_id") REFERENCES "public"."shipping_methods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipping_zone_regions" ADD CONSTRAINT "shipping_zone_regions_zone_id_shipping_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."shipping_zones"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipping_zones" ADD CONSTRAINT "shipping_zones_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "shipping_methods_provider_idx" ON "shipping_methods" USING btree ("provider_id");--> statement-breakpoint
CREATE INDEX "shipping_zone_regions_zone_idx" ON "shipping_zone_regions" USING btree ("zone_id");