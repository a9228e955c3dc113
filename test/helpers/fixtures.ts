import { eq } from "drizzle-orm";
import { accountGroups, accounts, customerGroups, locations } from "../../shared/accounts";
import { products, productChannels, variants } from "../../shared/catalog";
import { channels } from "../../shared/channels";
import { withDb } from "./db";
import { uniq } from "./graphql";

/** Rows written straight to Postgres for tests of other domains (the catalog and accounts APIs are tested on their own). */
export async function channelId(code: string): Promise<string> {
  return withDb(async ({ db }) => (await db.select({ id: channels.id }).from(channels).where(eq(channels.code, code)))[0]!.id);
}

export async function createVariant(opts: { channels: string[]; status?: "active" | "draft" } = { channels: ["b2b", "b2c"] }): Promise<{ productId: string; variantId: string; sku: string }> {
  const sku = uniq("SKU-").toUpperCase();
  return withDb(async ({ db }) => {
    const [p] = await db.insert(products).values({ slug: sku.toLowerCase(), name: `Product ${sku}`, status: opts.status ?? "active" }).returning({ id: products.id });
    const [v] = await db.insert(variants).values({ productId: p!.id, sku, name: `Variant ${sku}` }).returning({ id: variants.id });
    for (const code of opts.channels) {
      await db.insert(productChannels).values({ productId: p!.id, channelId: await channelId(code) });
    }
    return { productId: p!.id, variantId: v!.id, sku };
  });
}

export async function createAccount(opts: { status?: number; preferredCurrency?: string | null; locationCurrencies?: (string | null)[]; groupCodes?: string[] } = {}) {
  return withDb(async ({ db }) => {
    const [a] = await db
      .insert(accounts)
      .values({ name: uniq("Acme "), status: opts.status ?? 9, preferredCurrency: opts.preferredCurrency ?? null })
      .returning({ id: accounts.id });
    const locs: string[] = [];
    for (const cur of opts.locationCurrencies ?? [null, null]) {
      const [l] = await db.insert(locations).values({ accountId: a!.id, name: uniq("Loc "), code: uniq("L"), preferredCurrency: cur }).returning({ id: locations.id });
      locs.push(l!.id);
    }
    const groupIds: string[] = [];
    for (const code of opts.groupCodes ?? []) {
      const [g] = await db.insert(customerGroups).values({ code: uniq(code), name: code }).returning({ id: customerGroups.id });
      groupIds.push(g!.id);
      await db.insert(accountGroups).values({ accountId: a!.id, groupId: g!.id });
    }
    return { accountId: a!.id, locationIds: locs, groupIds };
  });
}

export async function createGroup(code = "grp"): Promise<string> {
  return withDb(async ({ db }) => (await db.insert(customerGroups).values({ code: uniq(code), name: code }).returning({ id: customerGroups.id }))[0]!.id);
}
