import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { customerGroups } from "../accounts/accounts.tables";
import { channels } from "../channels/channels.tables";

/**
 * The one catalog every channel sells from. Units are fixed so shipping and packing never convert:
 * lengths are integer MILLIMETRES, weights integer GRAMS, volumes integer MILLILITRES.
 * Visibility = status 'active' + published to the channel (product_channels) + group restrictions
 * (product_group_restrictions, and category_group_restrictions inherited by sub-categories).
 * Group ids reference customer groups owned by the accounts domain.
 */

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export interface ProductImage {
  url: string;
  alt?: string;
}

export const brands = pgTable("brands", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const products = pgTable(
  "products",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    /** rich text as sanitised HTML */
    description: text("description").notNull().default(""),
    /** draft | active | archived */
    status: text("status").notNull().default("draft"),
    brandId: uuid("brand_id").references(() => brands.id, { onDelete: "set null" }),
    taxCategory: text("tax_category").notNull().default("standard"),
    seoTitle: text("seo_title"),
    seoDescription: text("seo_description"),
    images: jsonb("images").$type<ProductImage[]>().notNull().default([]),
    /** name + brand + variant SKUs and names, maintained by the service; trigram-indexed for typo tolerance */
    searchText: text("search_text").notNull().default(""),
    searchDocument: tsvector("search_document")
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('english', coalesce("name", '')), 'A') || setweight(to_tsvector('simple', coalesce("search_text", '')), 'B') || setweight(to_tsvector('english', regexp_replace(coalesce("description", ''), '<[^>]*>', ' ', 'g')), 'C')`,
      ),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("products_status_check", sql`${t.status} in ('draft', 'active', 'archived')`),
    index("products_status_name_idx").on(t.status, t.name, t.id),
    index("products_status_created_idx").on(t.status, t.createdAt, t.id),
    index("products_brand_idx").on(t.brandId),
    index("products_search_document_idx").using("gin", t.searchDocument),
    // typo-tolerant search runs word_similarity on the short name only (GiST answers `<%` in a few
    // ms where a GIN trigram index over the long search text needed ~0.1 ms of recheck per row)
    index("products_name_trgm_idx").using("gist", t.name.op("gist_trgm_ops")),
  ],
);

export const variants = pgTable(
  "variants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    sku: text("sku").notNull().unique(),
    name: text("name").notNull(),
    optionValues: jsonb("option_values").$type<Record<string, string>>().notNull().default({}),
    /** draft | active | archived — an archived variant is kept because orders may reference it */
    status: text("status").notNull().default("active"),
    position: integer("position").notNull().default(0),
    lengthMm: integer("length_mm"),
    widthMm: integer("width_mm"),
    heightMm: integer("height_mm"),
    weightG: integer("weight_g"),
    fragile: boolean("fragile").notNull().default(false),
    /** free | this_side_up | fixed — how the packer may turn the item */
    orientation: text("orientation").notNull().default("free"),
    /** hazmat, ground_only, oversize…; null = unrestricted */
    restrictedClass: text("restricted_class"),
    /** liquid volume for excise taxes */
    volumeMl: integer("volume_ml"),
    casePack: integer("case_pack").notNull().default(1),
    moq: integer("moq").notNull().default(1),
    orderIncrement: integer("order_increment").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("variants_status_check", sql`${t.status} in ('draft', 'active', 'archived')`),
    check("variants_orientation_check", sql`${t.orientation} in ('free', 'this_side_up', 'fixed')`),
    check(
      "variants_dimensions_check",
      sql`coalesce(${t.lengthMm}, 0) >= 0 and coalesce(${t.widthMm}, 0) >= 0 and coalesce(${t.heightMm}, 0) >= 0 and coalesce(${t.weightG}, 0) >= 0 and coalesce(${t.volumeMl}, 0) >= 0`,
    ),
    check(
      "variants_quantity_rules_check",
      sql`${t.casePack} >= 1 and ${t.moq} >= 1 and ${t.orderIncrement} >= 1 and ${t.moq} % ${t.casePack} = 0`,
    ),
    index("variants_product_idx").on(t.productId, t.position, t.id),
    // search ranks an exact SKU hit first whatever its case
    index("variants_sku_upper_idx").on(sql`upper(${t.sku})`),
  ],
);

export const categories = pgTable(
  "categories",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    parentId: uuid("parent_id").references((): AnyPgColumn => categories.id, { onDelete: "restrict" }),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    position: integer("position").notNull().default(0),
    /** ids from the root down to and including this category: descendants of X are `X = any(path)` */
    path: uuid("path").array().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("categories_parent_idx").on(t.parentId), index("categories_path_idx").using("gin", t.path)],
);

export const productCategories = pgTable(
  "product_categories",
  {
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    categoryId: uuid("category_id")
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.productId, t.categoryId] }), index("product_categories_category_idx").on(t.categoryId)],
);

export const collections = pgTable("collections", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const productCollections = pgTable(
  "product_collections",
  {
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    collectionId: uuid("collection_id")
      .notNull()
      .references(() => collections.id, { onDelete: "cascade" }),
    position: integer("position").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.productId, t.collectionId] }), index("product_collections_collection_idx").on(t.collectionId)],
);

/** Filterable attributes ("material" = "steel"); a product may carry several values of one trait. */
export const productTraits = pgTable(
  "product_traits",
  {
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    trait: text("trait").notNull(),
    value: text("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.trait, t.value] }), index("product_traits_trait_value_idx").on(t.trait, t.value)],
);

/** Publication: a product is sold on a channel only when a row exists here. */
export const productChannels = pgTable(
  "product_channels",
  {
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.productId, t.channelId] }), index("product_channels_channel_idx").on(t.channelId, t.productId)],
);

/** A product with rows here is visible only to principals in one of these groups. */
export const productGroupRestrictions = pgTable(
  "product_group_restrictions",
  {
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    groupId: uuid("group_id")
      .notNull()
      .references(() => customerGroups.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.productId, t.groupId] })],
);

/** A category with rows here (and everything below it) is visible only to principals in one of these groups. */
export const categoryGroupRestrictions = pgTable(
  "category_group_restrictions",
  {
    categoryId: uuid("category_id")
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
    groupId: uuid("group_id")
      .notNull()
      .references(() => customerGroups.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.categoryId, t.groupId] })],
);

export type ProductRow = typeof products.$inferSelect;
export type VariantRow = typeof variants.$inferSelect;
export type CategoryRow = typeof categories.$inferSelect;
export type BrandRow = typeof brands.$inferSelect;
export type CollectionRow = typeof collections.$inferSelect;
