import { eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../kernel/db";
import type { BrandInput, CategoryInput, CollectionInput } from "./catalog.schema";
import { brands, categories, categoryGroupRestrictions, collections, variants, type CategoryRow } from "./catalog.tables";

/** Categories, brands and collections: small tables, written one at a time from the admin. */
export async function findCategoryBySlug(db: Executor, slug: string): Promise<CategoryRow | undefined> {
  const [row] = await db.select().from(categories).where(eq(categories.slug, slug)).limit(1);
  return row;
}

export async function insertCategory(db: Executor, input: CategoryInput, parent: CategoryRow | null, at: Date): Promise<CategoryRow> {
  const id = crypto.randomUUID();
  const [row] = await db
    .insert(categories)
    .values({
      id,
      slug: input.slug,
      name: input.name,
      description: input.description,
      position: input.position,
      parentId: parent?.id ?? null,
      path: [...(parent?.path ?? []), id],
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  return row!;
}

/** Updates one category; when it moves, every descendant's path is rewritten in the same statement set. */
export async function updateCategory(db: Executor, current: CategoryRow, input: CategoryInput, parent: CategoryRow | null, at: Date): Promise<CategoryRow> {
  const newPath = [...(parent?.path ?? []), current.id];
  if ((parent?.id ?? null) !== current.parentId) {
    const oldDepth = current.path.length;
    await db.execute(sql`
      update categories set path = ${`{${newPath.join(",")}}`}::uuid[] || path[${oldDepth + 1}:]
      where ${current.id}::uuid = any(path) and id <> ${current.id}::uuid`);
  }
  const [row] = await db
    .update(categories)
    .set({ name: input.name, description: input.description, position: input.position, parentId: parent?.id ?? null, path: newPath, updatedAt: at })
    .where(eq(categories.id, current.id))
    .returning();
  return row!;
}

export async function replaceCategoryRestrictions(db: Executor, categoryId: string, groupIds: string[]): Promise<void> {
  await db.delete(categoryGroupRestrictions).where(eq(categoryGroupRestrictions.categoryId, categoryId));
  if (groupIds.length) await db.insert(categoryGroupRestrictions).values(groupIds.map((groupId) => ({ categoryId, groupId })));
}

export async function countChildren(db: Executor, categoryId: string): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(categories).where(eq(categories.parentId, categoryId));
  return Number(r?.n ?? 0);
}

export async function deleteCategory(db: Executor, id: string): Promise<void> {
  await db.delete(categories).where(eq(categories.id, id));
}

export async function upsertBrand(db: Executor, input: BrandInput, at: Date) {
  const [row] = await db
    .insert(brands)
    .values({ ...input, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({ target: brands.slug, set: { name: input.name, updatedAt: at } })
    .returning();
  return row!;
}

export async function upsertCollection(db: Executor, input: CollectionInput, at: Date) {
  const [row] = await db
    .insert(collections)
    .values({ ...input, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({ target: collections.slug, set: { name: input.name, description: input.description, updatedAt: at } })
    .returning();
  return row!;
}

export async function deleteBrand(db: Executor, slug: string): Promise<boolean> {
  return (await db.delete(brands).where(eq(brands.slug, slug)).returning({ id: brands.id })).length > 0;
}

export async function deleteCollection(db: Executor, slug: string): Promise<boolean> {
  return (await db.delete(collections).where(eq(collections.slug, slug)).returning({ id: collections.id })).length > 0;
}

export async function listBrands(db: Executor) {
  return db.select().from(brands).orderBy(brands.name);
}

export async function listCollections(db: Executor) {
  return db.select().from(collections).orderBy(collections.name);
}

export async function variantsOf(db: Executor, productIds: string[]) {
  if (productIds.length === 0) return [];
  return db.select({ id: variants.id, sku: variants.sku, productId: variants.productId, status: variants.status }).from(variants).where(inArray(variants.productId, productIds));
}
