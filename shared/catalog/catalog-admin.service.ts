import { eq } from "drizzle-orm";
import type { Db, Tx } from "../kernel/db";
import { badInput, conflict, DomainError, notFound } from "../kernel/errors";
import { parseInput } from "../kernel/validation";
import { transactional, type NewEvent, type Outbox } from "../events";
import {
  brandInputSchema,
  bulkUpsertSchema,
  categoryInputSchema,
  collectionInputSchema,
  productInputSchema,
  slug as slugSchema,
  type ProductInput,
} from "./catalog.schema";
import { loadCategories, loadProductPage, type CategoryView, type ProductView } from "./catalog-read.repository";
import { pageOf, parseLookup, stripNulls, type ListArgs, type ProductConnection } from "./catalog.service";
import { products, variants } from "./catalog.tables";
import { refreshSearchText, replaceProductRelations, resolveReferences, upsertProducts, upsertVariants, type ReferenceMaps } from "./catalog-write.repository";
import { parseSearchQuery } from "./search-query";
import * as taxonomy from "./taxonomy.repository";
import { clearCatalogPageCaches } from "./catalog-page-cache";
import type { VariantReferenceCheck } from "./variant-reference";

/**
 * Every catalog write clears this isolate's cached shop pages once it has settled (after commit, so a
 * read racing the write cannot re-cache the old rows), giving read-your-writes in this isolate;
 * other isolates see the change through the events or within the cache TTL (catalog-page-cache.ts).
 */
const committed = <T>(...args: Parameters<typeof transactional<T>>): Promise<T> => transactional<T>(...args).finally(clearCatalogPageCaches);
const settled = <T>(p: Promise<T>): Promise<T> => p.finally(clearCatalogPageCaches);

export interface CatalogAdminDeps {
  db: Db;
  outbox: Outbox;
  now: Date;
  variantReferences: VariantReferenceCheck;
}

export interface BulkUpsertResult {
  products: { id: string; slug: string; created: boolean }[];
  createdProducts: number;
  updatedProducts: number;
  createdVariants: number;
  updatedVariants: number;
}

interface Issue {
  field: string;
  message: string;
}

/** Every unresolved reference or foreign-owned SKU in the batch, each naming its row and field. */
export function referenceIssues(rows: ProductInput[], refs: ReferenceMaps, prefix = "products"): Issue[] {
  const issues: Issue[] = [];
  rows.forEach((p, i) => {
    const at = (...path: (string | number)[]) => [prefix, i, ...path].join(".");
    if (p.brand && !refs.brands.has(p.brand)) issues.push({ field: at("brand"), message: `unknown brand "${p.brand}"` });
    p.categories?.forEach((c, k) => !refs.categories.has(c) && issues.push({ field: at("categories", k), message: `unknown category "${c}"` }));
    p.collections?.forEach((c, k) => !refs.collections.has(c) && issues.push({ field: at("collections", k), message: `unknown collection "${c}"` }));
    p.channels?.forEach((c, k) => !refs.channels.has(c) && issues.push({ field: at("channels", k), message: `unknown channel "${c}"` }));
    p.restrictedToGroups?.forEach((g, k) => !refs.groups.has(g) && issues.push({ field: at("restrictedToGroups", k), message: `unknown customer group "${g}"` }));
    p.variants.forEach((v, j) => {
      const owner = refs.skuOwners.get(v.sku);
      if (owner && owner !== p.slug) issues.push({ field: at("variants", j, "sku"), message: `duplicate SKU "${v.sku}": it belongs to product "${owner}"` });
    });
  });
  return issues;
}

function throwIssues(issues: Issue[]): void {
  if (issues.length === 0) return;
  const shown = issues.slice(0, 20);
  throw new DomainError("BAD_USER_INPUT", `Invalid input — ${shown.map((i) => `${i.field}: ${i.message}`).join("; ")}`, {
    field: shown[0]!.field,
    issues: shown,
  });
}

/** Admin catalog writes and unscoped reads. All writes are one transaction with their events. */
export class CatalogAdminService {
  constructor(private readonly deps: CatalogAdminDeps) {}

  async bulkUpsert(input: unknown): Promise<BulkUpsertResult> {
    const rows = parseInput(bulkUpsertSchema, stripNulls(input), "products");
    return this.write(rows, "products");
  }

  /** A patch on top of the stored product document; relations given replace, omitted ones stay. */
  async updateProduct(id: string, patch: unknown): Promise<ProductView> {
    const current = await this.product({ id });
    const fields = parseInput(productInputSchema.partial().omit({ variants: true }), stripNulls(patch), "input");
    const doc = parseInput(
      productInputSchema,
      {
        slug: current.slug,
        name: current.name,
        description: current.description,
        status: current.status,
        brand: current.brand?.slug ?? null,
        taxCategory: current.taxCategory,
        seoTitle: current.seoTitle,
        seoDescription: current.seoDescription,
        images: current.images,
        ...fields,
      },
      "input",
    );
    // a slug change is a rename, not a new product: the same row takes the new slug, in the same transaction
    const rename =
      doc.slug === current.slug
        ? undefined
        : async (tx: Tx) => {
            const [taken] = await tx.select({ id: products.id }).from(products).where(eq(products.slug, doc.slug)).limit(1);
            if (taken) throw badInput(`slug "${doc.slug}" is already used by another product`, "input.slug");
            await tx.update(products).set({ slug: doc.slug }).where(eq(products.id, current.id));
          };
    await this.write([doc], "input", rename);
    return this.product({ id });
  }

  private async write(rows: ProductInput[], prefix: string, before?: (tx: Tx) => Promise<void>): Promise<BulkUpsertResult> {
    const at = this.deps.now;
    return committed(this.deps.db, this.deps.outbox, async (tx, emit) => {
      if (before) await before(tx);
      const uniq = (xs: (string | null | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];
      const refs = await resolveReferences(tx, {
        categories: uniq(rows.flatMap((p) => p.categories ?? [])),
        brands: uniq(rows.map((p) => p.brand)),
        collections: uniq(rows.flatMap((p) => p.collections ?? [])),
        channels: uniq(rows.flatMap((p) => p.channels ?? [])),
        groups: uniq(rows.flatMap((p) => p.restrictedToGroups ?? [])),
        skus: uniq(rows.flatMap((p) => p.variants.map((v) => v.sku))),
        productSlugs: rows.map((p) => p.slug),
      });
      throwIssues(referenceIssues(rows, refs, prefix));
      const upserted = await upsertProducts(tx, rows, refs, at);
      const ids = new Map(upserted.map((r) => [r.slug, r.id]));
      const vs = await upsertVariants(tx, rows, ids, at);
      const expected = rows.reduce((n, p) => n + p.variants.length, 0);
      // a SKU claimed by another product between the check and the upsert (concurrent write)
      if (vs.length !== expected) throw conflict("A SKU in this batch was taken by a concurrent write; retry the batch");
      await replaceProductRelations(tx, rows, ids, refs);
      await refreshSearchText(tx, [...ids.values()]);

      const events: NewEvent[] = [];
      for (const r of upserted) {
        const before = refs.productStatus.get(r.slug);
        events.push({ type: r.inserted ? "product.created" : "product.updated", aggregateType: "product", aggregateId: r.id, payload: { slug: r.slug, status: r.status } });
        if (r.status === "archived" && before !== "archived") {
          events.push({ type: "product.archived", aggregateType: "product", aggregateId: r.id, payload: { slug: r.slug } });
        }
      }
      for (const v of vs) {
        if (!v.inserted) events.push({ type: "variant.updated", aggregateType: "variant", aggregateId: v.id, payload: { sku: v.sku, productId: v.productId } });
      }
      if (events.length) await emit(...events);
      return {
        products: upserted.map((r) => ({ id: r.id, slug: r.slug, created: r.inserted })),
        createdProducts: upserted.filter((r) => r.inserted).length,
        updatedProducts: upserted.filter((r) => !r.inserted).length,
        createdVariants: vs.filter((v) => v.inserted).length,
        updatedVariants: vs.filter((v) => !v.inserted).length,
      };
    });
  }

  async product(by: { id?: string | null; slug?: string | null; sku?: string | null }): Promise<ProductView> {
    const lookup = parseLookup(by);
    const [p] = await loadProductPage(this.deps.db, { scope: { kind: "admin" }, filter: {}, search: null, sort: "NAME", after: null, limit: 1, lookup });
    if (!p) throw notFound("Product", lookup.value);
    return p;
  }

  async products(args: ListArgs & { query?: string | null; status?: "draft" | "active" | "archived" | null }): Promise<ProductConnection> {
    const search = args.query ? parseSearchQuery(args.query, "query") : null;
    return pageOf(this.deps.db, { kind: "admin" }, { ...args, sort: args.sort ?? (search ? "RELEVANCE" : "NAME"), status: args.status ?? undefined }, search);
  }

  async archiveProduct(id: string): Promise<ProductView> {
    const p = await this.product({ id });
    if (p.status !== "archived") {
      await committed(this.deps.db, this.deps.outbox, async (tx, emit) => {
        await tx.update(products).set({ status: "archived", updatedAt: this.deps.now }).where(eq(products.id, p.id));
        await emit({ type: "product.archived", aggregateType: "product", aggregateId: p.id, payload: { slug: p.slug } });
      });
    }
    return this.product({ id });
  }

  /** Deletes a product, unless orders reference one of its variants: then it is archived instead. */
  async deleteProduct(id: string): Promise<{ deleted: boolean; archived: boolean }> {
    const p = await this.product({ id });
    const ids = (await taxonomy.variantsOf(this.deps.db, [p.id])).map((v) => v.id);
    const referenced = await this.deps.variantReferences.referencedVariantIds(ids);
    if (referenced.size > 0) {
      await this.archiveProduct(id);
      return { deleted: false, archived: true };
    }
    await committed(this.deps.db, this.deps.outbox, async (tx, emit) => {
      await tx.delete(products).where(eq(products.id, p.id));
      await emit({ type: "product.deleted", aggregateType: "product", aggregateId: p.id, payload: { slug: p.slug } });
    });
    return { deleted: true, archived: false };
  }

  /** Deletes a variant, or archives it when orders reference it (so order history keeps its data). */
  async deleteVariant(sku: string): Promise<{ deleted: boolean; archived: boolean }> {
    const [v] = await this.deps.db.select().from(variants).where(eq(variants.sku, sku)).limit(1);
    if (!v) throw notFound("Variant", sku);
    const referenced = await this.deps.variantReferences.referencedVariantIds([v.id]);
    const archive = referenced.has(v.id);
    await committed(this.deps.db, this.deps.outbox, async (tx, emit) => {
      if (archive) await tx.update(variants).set({ status: "archived", updatedAt: this.deps.now }).where(eq(variants.id, v.id));
      else await tx.delete(variants).where(eq(variants.id, v.id));
      await refreshSearchText(tx, [v.productId]);
      await emit({
        type: archive ? "variant.updated" : "variant.deleted",
        aggregateType: "variant",
        aggregateId: v.id,
        payload: { sku: v.sku, productId: v.productId, ...(archive ? { status: "archived" } : {}) },
      });
    });
    return { deleted: !archive, archived: archive };
  }

  async categories(): Promise<CategoryView[]> {
    return loadCategories(this.deps.db, { kind: "admin" });
  }

  /** Creates or updates a category by slug; moving it under its own descendant is refused. */
  async upsertCategory(input: unknown): Promise<CategoryView> {
    const data = parseInput(categoryInputSchema, stripNulls(input), "input");
    const id = await committed(this.deps.db, this.deps.outbox, async (tx, emit) => {
      const parent = data.parent ? ((await taxonomy.findCategoryBySlug(tx, data.parent)) ?? null) : null;
      if (data.parent && !parent) throw badInput(`unknown category "${data.parent}"`, "input.parent");
      if (data.restrictedToGroups?.length) {
        const refs = await resolveReferences(tx, { categories: [], brands: [], collections: [], channels: [], groups: data.restrictedToGroups, skus: [], productSlugs: [] });
        data.restrictedToGroups.forEach((g, k) => {
          if (!refs.groups.has(g)) throw badInput(`unknown customer group "${g}"`, `input.restrictedToGroups.${k}`);
        });
      }
      const current = await taxonomy.findCategoryBySlug(tx, data.slug);
      if (current && parent?.path.includes(current.id)) throw badInput("a category cannot be moved under itself or its descendants", "input.parent");
      const row = current ? await taxonomy.updateCategory(tx, current, data, parent, this.deps.now) : await taxonomy.insertCategory(tx, data, parent, this.deps.now);
      if (data.restrictedToGroups) await taxonomy.replaceCategoryRestrictions(tx, row.id, data.restrictedToGroups);
      await emit({ type: current ? "category.updated" : "category.created", aggregateType: "category", aggregateId: row.id, payload: { slug: row.slug } });
      return row.id;
    });
    return (await this.categories()).find((c) => c.id === id)!;
  }

  async deleteCategory(slug: string): Promise<boolean> {
    const s = parseInput(slugSchema, slug, "slug");
    return committed(this.deps.db, this.deps.outbox, async (tx, emit) => {
      const row = await taxonomy.findCategoryBySlug(tx, s);
      if (!row) throw notFound("Category", s);
      if ((await taxonomy.countChildren(tx, row.id)) > 0) throw conflict(`Category "${s}" has sub-categories; move or delete them first`, { field: "slug" });
      await taxonomy.deleteCategory(tx, row.id);
      await emit({ type: "category.deleted", aggregateType: "category", aggregateId: row.id, payload: { slug: s } });
      return true;
    });
  }

  async upsertBrand(input: unknown) {
    return settled(taxonomy.upsertBrand(this.deps.db, parseInput(brandInputSchema, stripNulls(input), "input"), this.deps.now));
  }

  async upsertCollection(input: unknown) {
    return settled(taxonomy.upsertCollection(this.deps.db, parseInput(collectionInputSchema, stripNulls(input), "input"), this.deps.now));
  }

  async deleteBrand(slug: string): Promise<boolean> {
    if (!(await settled(taxonomy.deleteBrand(this.deps.db, parseInput(slugSchema, slug, "slug"))))) throw notFound("Brand", slug);
    return true;
  }

  async deleteCollection(slug: string): Promise<boolean> {
    if (!(await settled(taxonomy.deleteCollection(this.deps.db, parseInput(slugSchema, slug, "slug"))))) throw notFound("Collection", slug);
    return true;
  }

  brands() {
    return taxonomy.listBrands(this.deps.db);
  }

  collections() {
    return taxonomy.listCollections(this.deps.db);
  }
}

