import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { withDb } from "../../helpers/db";
import { gql, staffToken, tokenFor, uniq } from "../../helpers/graphql";
import { priceList, seedVariants, type SeededVariant } from "../../durable-objects/cart-fixtures";

export const CART_PROMO_FIELDS = `id version totals { subtotal discountTotal total }
  lines { variantId quantity unitPrice lineTotal discount net }
  discounts { ruleId name amount couponCode }
  coupons { code status ruleId reason message }
  promotionNotes { ruleId reason message couponCode }`;

/** A category (its own root) holding `count` new variants published on b2b and b2c, each at `unitPrice` USD. */
export async function categoryWithVariants(count: number, unitPrice: number): Promise<{ categoryId: string; variants: SeededVariant[] }> {
  const variants = await seedVariants(count, { channels: ["b2b", "b2c"] });
  const categoryId = crypto.randomUUID();
  await withDb(async ({ db }) => {
    await db.execute(sql`insert into categories (id, slug, name, path) values (${categoryId}::uuid, ${uniq("promo-cat-")}, 'Promo category', ARRAY[${categoryId}::uuid])`);
    await db.execute(sql`insert into product_categories (product_id, category_id)
      select v.product_id, ${categoryId}::uuid from variants v where v.id = ANY(${`{${variants.map((v) => v.variantId).join(",")}}`}::uuid[])`);
  });
  await priceList("USD", variants.map((v) => ({ variantId: v.variantId, tiers: [{ minQty: 1, unitPrice }] })));
  return { categoryId, variants };
}

export const promoAdmin = (perms = ["promotions:read", "promotions:write"]) => staffToken(perms);

export async function adminOk(query: string, variables: Record<string, unknown> = {}) {
  const r = await gql("admin", query, variables, { token: await promoAdmin() });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data;
}

export const CREATE_RULE = `mutation($r: JSON!) { createPromotionRule(rule: $r) { id name type status priority channelCodes rule } }`;

export async function createRule(rule: Record<string, unknown>): Promise<string> {
  return (await adminOk(CREATE_RULE, { r: rule })).createPromotionRule.id as string;
}

export const employeeToken = (acct: { accountId: string; locationIds: string[] }, groupIds: string[]) =>
  tokenFor({ kind: "employee", employeeId: crypto.randomUUID(), email: `${uniq("e")}@acme.test`, accountId: acct.accountId, locationId: acct.locationIds[0]!, role: "buyer", groupIds });

export const customerToken = (groupIds: string[]) => tokenFor({ kind: "customer", customerId: crypto.randomUUID(), email: `${uniq("c")}@x.test`, groupIds });

/** Rules reach carts through the active-rules cache (re-checked every 5 s): poll until `check` passes. */
export async function eventually<T>(fn: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 8_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (check(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}
