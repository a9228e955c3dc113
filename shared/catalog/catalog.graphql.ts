import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";
import { builder } from "../kernel/graphql/builder";
import type { GraphQLContext } from "../kernel/graphql/context";
import type { CatalogSummary, CategoryView, FacetCount, ProductView, VariantView } from "./catalog-read.repository";
import type { ProductConnection } from "./catalog.service";
import { loadPrice } from "./price-batch";
import type { VariantPrice } from "./price-provider";

/** Catalog types (both APIs) and the shop's catalog queries. Admin fields are in catalog-admin.graphql.ts. */
export const ProductSortEnum = builder.enumType("ProductSort", {
  values: {
    NAME: { description: "by name, A→Z" },
    NEWEST: { description: "most recently created first" },
    RELEVANCE: { description: "best search match first (search only)" },
  } as const,
});

export const PriceHiddenReasonEnum = builder.enumType("PriceHiddenReason", {
  values: {
    LOGIN_REQUIRED: { description: "the channel shows prices only to logged-in buyers" },
    NOT_PRICED: { description: "no price applies to this buyer yet" },
  } as const,
});

const BrandType = builder.objectRef<{ id: string; slug: string; name: string }>("Brand").implement({
  fields: (t) => ({ id: t.exposeID("id"), slug: t.exposeString("slug"), name: t.exposeString("name") }),
});

const CategoryRefType = builder.objectRef<{ id: string; slug: string; name: string }>("CategoryRef").implement({
  fields: (t) => ({ id: t.exposeID("id"), slug: t.exposeString("slug"), name: t.exposeString("name") }),
});

export const CategoryType = builder.objectRef<CategoryView>("Category").implement({
  description: "A node of the category tree; the list comes parents first",
  fields: (t) => ({
    id: t.exposeID("id"),
    parentId: t.exposeID("parentId", { nullable: true }),
    slug: t.exposeString("slug"),
    name: t.exposeString("name"),
    description: t.exposeString("description"),
    position: t.exposeInt("position"),
    depth: t.exposeInt("depth"),
    restrictedToGroups: t.exposeStringList("restrictedToGroups", { subGraphs: ["admin"] }),
  }),
});

const ImageType = builder.objectRef<{ url: string; alt?: string }>("ProductImage").implement({
  fields: (t) => ({ url: t.exposeString("url"), alt: t.string({ nullable: true, resolve: (i) => i.alt ?? null }) }),
});

const TraitType = builder.objectRef<{ trait: string; value: string }>("ProductTrait").implement({
  fields: (t) => ({ trait: t.exposeString("trait"), value: t.exposeString("value") }),
});

const VariantPriceType = builder.objectRef<VariantPrice>("VariantPrice").implement({
  description: "The buyer's unit price in integer minor units of `currency`",
  fields: (t) => ({
    amount: t.exposeInt("amount"),
    currency: t.exposeString("currency"),
    includesTax: t.exposeBoolean("includesTax"),
    listAmount: t.int({ nullable: true, resolve: (p) => p.listAmount ?? null }),
  }),
});

export const VariantType = builder.objectRef<VariantView>("Variant").implement({
  description: "A sellable SKU. Lengths in millimetres, weight in grams, volume in millilitres.",
  fields: (t) => ({
    id: t.exposeID("id"),
    sku: t.exposeString("sku"),
    name: t.exposeString("name"),
    optionValues: t.field({ type: "JSON", resolve: (v) => v.optionValues }),
    status: t.exposeString("status", { subGraphs: ["admin"] }),
    lengthMm: t.exposeInt("lengthMm", { nullable: true }),
    widthMm: t.exposeInt("widthMm", { nullable: true }),
    heightMm: t.exposeInt("heightMm", { nullable: true }),
    weightG: t.exposeInt("weightG", { nullable: true }),
    fragile: t.exposeBoolean("fragile"),
    orientation: t.exposeString("orientation", { description: "free | this_side_up | fixed" }),
    restrictedClass: t.exposeString("restrictedClass", { nullable: true, description: "hazmat, ground_only, oversize… or null" }),
    volumeMl: t.exposeInt("volumeMl", { nullable: true }),
    casePack: t.exposeInt("casePack", { description: "units per case; sold only in whole cases" }),
    moq: t.exposeInt("moq", { description: "minimum order quantity (a multiple of the case pack)" }),
    orderIncrement: t.exposeInt("orderIncrement"),
    price: t.field({
      type: VariantPriceType,
      nullable: true,
      description: "null when hidden or not priced; see priceHiddenReason",
      resolve: async (v, _a, ctx) => (await loadPrice(ctx, v.id)).price,
    }),
    priceHiddenReason: t.field({
      type: PriceHiddenReasonEnum,
      nullable: true,
      resolve: async (v, _a, ctx) => (await loadPrice(ctx, v.id)).reason,
    }),
  }),
});

export const ProductType = builder.objectRef<ProductView>("Product").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    slug: t.exposeString("slug"),
    name: t.exposeString("name"),
    description: t.exposeString("description", { description: "HTML" }),
    taxCategory: t.exposeString("taxCategory"),
    seoTitle: t.exposeString("seoTitle", { nullable: true }),
    seoDescription: t.exposeString("seoDescription", { nullable: true }),
    images: t.field({ type: [ImageType], resolve: (p) => p.images }),
    brand: t.field({ type: BrandType, nullable: true, resolve: (p) => p.brand }),
    categories: t.field({ type: [CategoryRefType], resolve: (p) => p.categories }),
    traits: t.field({ type: [TraitType], resolve: (p) => p.traits }),
    variants: t.field({ type: [VariantType], resolve: (p) => p.variants }),
    createdAt: t.field({ type: "DateTime", resolve: (p) => p.createdAt }),
    status: t.exposeString("status", { subGraphs: ["admin"] }),
    updatedAt: t.field({ type: "DateTime", subGraphs: ["admin"], resolve: (p) => p.updatedAt }),
    channels: t.stringList({ subGraphs: ["admin"], resolve: (p) => p.channels ?? [] }),
    collections: t.stringList({ subGraphs: ["admin"], resolve: (p) => p.collections ?? [] }),
    restrictedToGroups: t.stringList({ subGraphs: ["admin"], resolve: (p) => p.restrictedToGroups ?? [] }),
  }),
});

const FacetValueType = builder.objectRef<FacetCount>("FacetValue").implement({
  fields: (t) => ({
    id: t.id({ nullable: true, resolve: (f) => f.id ?? null }),
    slug: t.string({ nullable: true, resolve: (f) => f.slug ?? null }),
    name: t.string({ nullable: true, resolve: (f) => f.name ?? null }),
    trait: t.string({ nullable: true, resolve: (f) => f.trait ?? null }),
    value: t.string({ nullable: true, resolve: (f) => f.value ?? null }),
    count: t.exposeInt("count"),
  }),
});

const FacetsType = builder.objectRef<CatalogSummary>("CatalogFacets").implement({
  description: "Counts of matching products per value, over exactly the matched set",
  fields: (t) => ({
    categories: t.field({ type: [FacetValueType], resolve: (s) => s.categories }),
    brands: t.field({ type: [FacetValueType], resolve: (s) => s.brands }),
    traits: t.field({ type: [FacetValueType], resolve: (s) => s.traits }),
  }),
});

const PageInfoType = builder.objectRef<ProductConnection["pageInfo"]>("CatalogPageInfo").implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean("hasNextPage"),
    hasPreviousPage: t.exposeBoolean("hasPreviousPage"),
    startCursor: t.exposeString("startCursor", { nullable: true }),
    endCursor: t.exposeString("endCursor", { nullable: true }),
  }),
});

const EdgeType = builder.objectRef<ProductConnection["edges"][number]>("ProductEdge").implement({
  fields: (t) => ({ cursor: t.exposeString("cursor"), node: t.field({ type: ProductType, resolve: (e) => e.node }) }),
});

export const ProductConnectionType = builder.objectRef<ProductConnection>("ProductConnection").implement({
  fields: (t) => ({
    edges: t.field({ type: [EdgeType], resolve: (c) => c.edges }),
    nodes: t.field({ type: [ProductType], resolve: (c) => c.edges.map((e) => e.node) }),
    pageInfo: t.field({ type: PageInfoType, resolve: (c) => c.pageInfo }),
    totalCount: t.int({ description: "costs one extra query", resolve: async (c) => (await c.summary()).total }),
    facets: t.field({ type: FacetsType, description: "costs one extra query (shared with totalCount)", resolve: (c) => c.summary() }),
  }),
});

const TraitFilterInput = builder.inputType("TraitFilter", {
  fields: (t) => ({ trait: t.string({ required: true }), values: t.stringList({ required: true, description: "any of these values" }) }),
});

export const ProductFilterInput = builder.inputType("ProductFilter", {
  fields: (t) => ({
    category: t.string({ required: false, description: "category slug; includes its sub-categories" }),
    collection: t.string({ required: false, description: "collection slug" }),
    brands: t.stringList({ required: false, description: "brand slugs (any of)" }),
    traits: t.field({ type: [TraitFilterInput], required: false, description: "every trait must match one of its values" }),
  }),
});

const viewer = (ctx: GraphQLContext) => ({ channel: ctx.channel, principal: ctx.principal, now: ctx.now });

/** Whether the connection's selection (fragments included) asks for totalCount or facets. */
export function asksForSummary(info: GraphQLResolveInfo): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean =>
    !!set &&
    set.selections.some((s) => {
      if (s.kind === Kind.FIELD) return s.name.value === "totalCount" || s.name.value === "facets";
      if (s.kind === Kind.INLINE_FRAGMENT) return visit(s.selectionSet);
      return visit(info.fragments[s.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((n) => visit(n.selectionSet));
}

builder.queryFields((t) => ({
  product: t.field({
    subGraphs: ["shop"],
    type: ProductType,
    description: "One product by id, slug or SKU. A product hidden from this buyer is NOT_FOUND.",
    args: { id: t.arg.id({ required: false }), slug: t.arg.string({ required: false }), sku: t.arg.string({ required: false }) },
    resolve: (_r, a, ctx) => ctx.services.catalog.product(viewer(ctx), { id: a.id == null ? null : String(a.id), slug: a.slug, sku: a.sku }),
  }),
  products: t.field({
    subGraphs: ["shop"],
    type: ProductConnectionType,
    description: "Products visible to this buyer on this channel; one SQL query per page (+1 for totalCount/facets, +1 for prices)",
    args: {
      filter: t.arg({ type: ProductFilterInput, required: false }),
      sort: t.arg({ type: ProductSortEnum, required: false }),
      first: t.arg.int({ required: false }),
      after: t.arg.string({ required: false }),
    },
    resolve: (_r, a, ctx, info) => ctx.services.catalog.listProducts(viewer(ctx), { ...a, withSummary: asksForSummary(info) }),
  }),
  search: t.field({
    subGraphs: ["shop"],
    type: ProductConnectionType,
    description: "Full-text + typo-tolerant search over names, SKUs and descriptions",
    args: {
      query: t.arg.string({ required: true }),
      filter: t.arg({ type: ProductFilterInput, required: false }),
      sort: t.arg({ type: ProductSortEnum, required: false }),
      first: t.arg.int({ required: false }),
      after: t.arg.string({ required: false }),
    },
    resolve: (_r, { query, ...a }, ctx, info) => ctx.services.catalog.search(viewer(ctx), query, { ...a, withSummary: asksForSummary(info) }),
  }),
  categories: t.field({
    subGraphs: ["shop"],
    type: [CategoryType],
    description: "The category tree this buyer may see (parents first)",
    resolve: (_r, _a, ctx) => ctx.services.catalog.categories(viewer(ctx)),
  }),
}));
