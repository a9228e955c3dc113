import { requirePermission } from "../kernel/authorize";
import { builder } from "../kernel/graphql/builder";
import type { BulkUpsertResult } from "./catalog-admin.service";
import { CategoryType, ProductConnectionType, ProductSortEnum, ProductType, ProductFilterInput } from "./catalog.graphql";

/**
 * Admin catalog API (catalog:read / catalog:write). Product documents are JSON validated by the
 * catalog's zod schemas (catalog.schema.ts) so a wholesale import is one mutation per batch.
 */
const BulkUpsertResultType = builder.objectRef<BulkUpsertResult>("BulkUpsertResult").implement({
  fields: (t) => ({
    createdProducts: t.exposeInt("createdProducts"),
    updatedProducts: t.exposeInt("updatedProducts"),
    createdVariants: t.exposeInt("createdVariants"),
    updatedVariants: t.exposeInt("updatedVariants"),
    products: t.field({ type: "JSON", resolve: (r) => r.products }),
  }),
});

const DeleteResultType = builder.objectRef<{ deleted: boolean; archived: boolean }>("CatalogDeleteResult").implement({
  description: "deleted, or archived instead because orders reference it",
  fields: (t) => ({ deleted: t.exposeBoolean("deleted"), archived: t.exposeBoolean("archived") }),
});

const TaxonomyType = builder.objectRef<{ id: string; slug: string; name: string; description?: string }>("CatalogTaxon").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    slug: t.exposeString("slug"),
    name: t.exposeString("name"),
    description: t.string({ nullable: true, resolve: (x) => x.description ?? null }),
  }),
});

const StatusEnum = builder.enumType("ProductStatus", { values: ["draft", "active", "archived"] as const });

builder.queryFields((t) => ({
  catalogProduct: t.field({
    subGraphs: ["admin"],
    type: ProductType,
    args: { id: t.arg.id({ required: false }), slug: t.arg.string({ required: false }), sku: t.arg.string({ required: false }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "catalog:read");
      return ctx.services.catalogAdmin.product({ id: a.id == null ? null : String(a.id), slug: a.slug, sku: a.sku });
    },
  }),
  catalogProducts: t.field({
    subGraphs: ["admin"],
    type: ProductConnectionType,
    description: "Every product whatever its status, channel or restrictions",
    args: {
      query: t.arg.string({ required: false }),
      status: t.arg({ type: StatusEnum, required: false }),
      filter: t.arg({ type: ProductFilterInput, required: false }),
      sort: t.arg({ type: ProductSortEnum, required: false }),
      first: t.arg.int({ required: false }),
      after: t.arg.string({ required: false }),
    },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "catalog:read");
      return ctx.services.catalogAdmin.products(a);
    },
  }),
  catalogCategories: t.field({
    subGraphs: ["admin"],
    type: [CategoryType],
    resolve: (_r, _a, ctx) => {
      requirePermission(ctx.principal, "catalog:read");
      return ctx.services.catalogAdmin.categories();
    },
  }),
  brands: t.field({
    subGraphs: ["admin"],
    type: [TaxonomyType],
    resolve: (_r, _a, ctx) => {
      requirePermission(ctx.principal, "catalog:read");
      return ctx.services.catalogAdmin.brands();
    },
  }),
  collections: t.field({
    subGraphs: ["admin"],
    type: [TaxonomyType],
    resolve: (_r, _a, ctx) => {
      requirePermission(ctx.principal, "catalog:read");
      return ctx.services.catalogAdmin.collections();
    },
  }),
}));

builder.mutationFields((t) => ({
  upsertProducts: t.field({
    subGraphs: ["admin"],
    type: BulkUpsertResultType,
    description: "Create or update products (by slug) and their variants (by SKU); all-or-nothing, ≤ 1000 products per call",
    args: { products: t.arg({ type: "JSON", required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "catalog:write");
      return ctx.services.catalogAdmin.bulkUpsert(a.products);
    },
  }),
  updateProduct: t.field({
    subGraphs: ["admin"],
    type: ProductType,
    description: "Patch a product's fields (JSON, same keys as upsertProducts rows, without variants)",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: "JSON", required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "catalog:write");
      return ctx.services.catalogAdmin.updateProduct(String(a.id), a.input);
    },
  }),
  archiveProduct: t.field({
    subGraphs: ["admin"],
    type: ProductType,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "catalog:write");
      return ctx.services.catalogAdmin.archiveProduct(String(a.id));
    },
  }),
  deleteProduct: t.field({
    subGraphs: ["admin"],
    type: DeleteResultType,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "catalog:write");
      return ctx.services.catalogAdmin.deleteProduct(String(a.id));
    },
  }),
  deleteVariant: t.field({
    subGraphs: ["admin"],
    type: DeleteResultType,
    args: { sku: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "catalog:write");
      return ctx.services.catalogAdmin.deleteVariant(a.sku);
    },
  }),
  upsertCategory: t.field({
    subGraphs: ["admin"],
    type: CategoryType,
    description: "JSON { slug, name, description?, parent? (slug), position?, restrictedToGroups? (group ids) }",
    args: { input: t.arg({ type: "JSON", required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "catalog:write");
      return ctx.services.catalogAdmin.upsertCategory(a.input);
    },
  }),
  deleteCategory: t.field({
    subGraphs: ["admin"],
    type: "Boolean",
    args: { slug: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "catalog:write");
      return ctx.services.catalogAdmin.deleteCategory(a.slug);
    },
  }),
  upsertBrand: t.field({
    subGraphs: ["admin"],
    type: TaxonomyType,
    args: { slug: t.arg.string({ required: true }), name: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "catalog:write");
      return ctx.services.catalogAdmin.upsertBrand(a);
    },
  }),
  deleteBrand: t.field({
    subGraphs: ["admin"],
    type: "Boolean",
    args: { slug: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "catalog:write");
      return ctx.services.catalogAdmin.deleteBrand(a.slug);
    },
  }),
  upsertCollection: t.field({
    subGraphs: ["admin"],
    type: TaxonomyType,
    args: { slug: t.arg.string({ required: true }), name: t.arg.string({ required: true }), description: t.arg.string({ required: false }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "catalog:write");
      return ctx.services.catalogAdmin.upsertCollection(a);
    },
  }),
  deleteCollection: t.field({
    subGraphs: ["admin"],
    type: "Boolean",
    args: { slug: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "catalog:write");
      return ctx.services.catalogAdmin.deleteCollection(a.slug);
    },
  }),
}));
