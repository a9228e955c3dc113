DROP INDEX "products_search_text_trgm_idx";--> statement-breakpoint
CREATE INDEX "products_name_trgm_idx" ON "products" USING gist ("name" gist_trgm_ops);--> statement-breakpoint
CREATE INDEX "variants_sku_upper_idx" ON "variants" USING btree (upper("sku"));