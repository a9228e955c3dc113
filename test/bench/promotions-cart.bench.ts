/**
 * promotions.cartupdate5000: a whole cart update (one line's quantity on a 500-line B2B location
 * cart, GraphQL shop API on wrangler dev) with 5,000 active promotion rules in Postgres, against
 * the same update with no rule active, on one stack, in alternating blocks (rules archived /
 * active, each switch a version bump) so the machine's load drift hits both conditions alike. The promotions share is reported three ways: the difference of
 * the p50s, the engine alone on the same cart and rules in this process, and the rule load (one
 * per isolate and promotions version, never per cart change).
 * Rules: 4,990 from the synthetic store mix (they target SKUs, categories, groups, coupons of a
 * 200,000-SKU catalogue this cart does not hold, or other channels) + 10 that hit this cart.
 */
import { drizzle } from "drizzle-orm/postgres-js";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { signAccessToken } from "../../shared/auth";
import {
  compileStoredRule, evaluatePromotions, prepareRule, PromotionRuleIndex, promotionCoupons, promotionRules, type PromotionCartLine, type PromotionRule,
} from "../../shared/promotions";
import { latencyFigures, timeIt, type BenchSuite, type Figure } from "./bench-kit";
import { graphqlOnce, startStack } from "./lib/stack";
import { BENCH_CATALOG, makeRules, mulberry32 } from "./promotions-fixtures";
import { DEV_AUTH_SECRET } from "./lib/bench-catalog";

const LINES = 500;
const RULES = 5_000;
const SAMPLES = 160;
const BLOCKS = 4;
const SECRET = DEV_AUTH_SECRET;
const SET = `mutation($i: SetCartLineQuantityInput!) { setCartLineQuantity(input: $i) { version totals { lineCount subtotal discountTotal total } discounts { ruleId amount } } }`;
const QUICK = `mutation($i: QuickOrderInput!) { quickOrder(input: $i) { appliedCount } }`;

interface Seeded {
  skus: string[];
  variantIds: string[];
  productIds: string[];
  categoryId: string;
  accountId: string;
  locationId: string;
}

async function seedCatalog(url: string): Promise<Seeded> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  const db = drizzle(client);
  try {
    const rows = (await db.execute(sql`
      with p as (
        insert into products (slug, name, status)
        select 'bench-promo-' || g, 'Bench promo product ' || g, 'active' from generate_series(1, ${LINES}) g returning id, slug
      ), v as (
        insert into variants (product_id, sku, name, weight_g) select id, upper(slug), slug, 400 from p returning id, sku, product_id
      ), pc as (
        insert into product_channels (product_id, channel_id) select v.product_id, c.id from v, channels c where c.code = 'b2b' returning 1
      )
      select id, sku, product_id from v order by sku`)) as unknown as { id: string; sku: string; product_id: string }[];
    const categoryId = crypto.randomUUID();
    await db.execute(sql`insert into categories (id, slug, name, path) values (${categoryId}::uuid, 'bench-promo-cat', 'Bench promo', ARRAY[${categoryId}::uuid])`);
    // a fifth of the cart's products are in the category some rules target
    await db.execute(sql`insert into product_categories (product_id, category_id)
      select unnest(${`{${rows.slice(0, LINES / 5).map((r) => r.product_id).join(",")}}`}::uuid[]), ${categoryId}::uuid`);
    await db.execute(sql`
      with l as (insert into price_lists (name, currency, priority) values ('Bench promo USD', 'USD', 0) returning id)
      insert into price_list_entries (price_list_id, variant_id, tiers)
      select l.id, v, jsonb_build_array(jsonb_build_object('minQty', 1, 'unitPrice', 1000), jsonb_build_object('minQty', 10, 'unitPrice', 900))
      from l, unnest(${`{${rows.map((r) => r.id).join(",")}}`}::uuid[]) v`);
    const [acct] = (await db.execute(sql`insert into accounts (name, status) values ('Bench promo wholesale', 9) returning id`)) as unknown as { id: string }[];
    const [loc] = (await db.execute(sql`insert into locations (account_id, name, code) values (${acct!.id}::uuid, 'Bench promo store', 'bench-promo') returning id`)) as unknown as { id: string }[];
    return { skus: rows.map((r) => r.sku), variantIds: rows.map((r) => r.id), productIds: rows.map((r) => r.product_id), categoryId, accountId: acct!.id, locationId: loc!.id };
  } finally {
    await client.end();
  }
}

/** The rule JSON: the synthetic store mix plus rules that hit this cart. */
function ruleJson(s: Seeded, now: number): Record<string, unknown>[] {
  const mix = makeRules(RULES - 10, BENCH_CATALOG, mulberry32(4242), now);
  const hits: Record<string, unknown>[] = [
    ...[0, 1, 2, 3, 4, 5].map((i) => ({
      name: `Bench SKU deal ${i}`, channel_codes: ["b2b"],
      conditions: [{ type: "sku_match", config: { skus: [s.skus[i * 40]!] } }], actions: [{ type: "percent_off", config: { percent: 5 + i } }],
    })),
    {
      name: "Bench category tiers", stacking_policy: "stackable",
      conditions: [{ type: "channel", config: { channel_codes: ["b2b"] } }, { type: "product_in_category", config: { category_ids: [s.categoryId] } }],
      actions: [{ type: "volume_tiered_percentage", config: { tiers: [{ min_qty: 6, percent: 3 }, { min_qty: 24, percent: 6 }] } }],
    },
    { name: "Bench big order", channel_codes: ["b2b"], conditions: [{ type: "cart_subtotal_min", config: { amount: 100_000 } }], actions: [{ type: "fixed_amount_off", config: { amount: 2_500, target: "order" } }] },
    { name: "Bench buy 3 get 1", channel_codes: ["b2b"], conditions: [{ type: "sku_match", config: { skus: [s.skus[7]!, s.skus[8]!] } }], actions: [{ type: "buy_x_get_y", config: { buy_qty: 3, get_qty: 1 } }] },
    { name: "Bench retail only", channel_codes: ["b2c"], conditions: [{ type: "sku_match", config: { skus: [s.skus[9]!] } }], actions: [{ type: "percent_off", config: { percent: 50 } }] },
  ];
  return [...mix.map(({ id: _id, ...r }) => r), ...hits];
}

/** Stores the rules as the admin API would (validated, split from their coupons) and bumps the version. */
async function storeRules(url: string, json: Record<string, unknown>[]): Promise<PromotionRule[]> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  const db = drizzle(client);
  try {
    const prepared = json.map((j) => prepareRule(j));
    const ids: string[] = [];
    for (let i = 0; i < prepared.length; i += 1_000) {
      const chunk = prepared.slice(i, i + 1_000);
      const rows = await db.insert(promotionRules).values(chunk.map((p) => ({ ...p.columns, status: "active", rule: p.json }))).returning({ id: promotionRules.id });
      ids.push(...rows.map((r) => r.id));
    }
    const coupons = prepared.flatMap((p, k) => p.coupons.map((c) => ({ ruleId: ids[k]!, code: c.code, singleUse: false, maxUses: c.maxUses })));
    for (let i = 0; i < coupons.length; i += 1_000) await db.insert(promotionCoupons).values(coupons.slice(i, i + 1_000)).onConflictDoNothing();
    await db.execute(sql`insert into promotions_version (id, version) values (1, 2) on conflict (id) do update set version = promotions_version.version + 1`);
    const byRule = new Map<string, typeof coupons>();
    for (const c of coupons) byRule.set(c.ruleId, [...(byRule.get(c.ruleId) ?? []), c]);
    return prepared.flatMap((p, k) => {
      const r = compileStoredRule({ id: ids[k]!, rule: p.json, type: p.columns.type }, (byRule.get(ids[k]!) ?? []).map((c) => ({ ...c, id: "", batchId: null, maxUsesPerCustomer: null, startsAt: null, endsAt: null, createdAt: new Date() })));
      return r ? [r] : [];
    });
  } finally {
    await client.end();
  }
}

async function setStatus(url: string, status: "active" | "archived"): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`update promotion_rules set status = ${status}`;
    await client`update promotions_version set version = version + 1`;
  } finally {
    await client.end();
  }
}

const p50 = (xs: number[]) => xs[Math.floor(xs.length / 2)]!;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

const suite: BenchSuite = {
  cases: [
    {
      name: "promotions.cartupdate5000",
      async run(): Promise<Figure[]> {
        let seeded: Seeded | null = null;
        const stack = await startStack({ seed: async (url) => void (seeded = await seedCatalog(url)) });
        const s = seeded!;
        try {
          const url = `${stack.baseUrl}/graphql`;
          const token = await signAccessToken(
            { kind: "employee", employeeId: crypto.randomUUID(), accountId: s.accountId, locationId: s.locationId, role: "buyer", email: "buyer@bench.test", groupIds: [] },
            SECRET, new Date(), 3600,
          );
          const headers = { "x-channel": "b2b", authorization: `Bearer ${token}` };
          const call = async (query: string, variables: Record<string, unknown>) => {
            const r = await graphqlOnce(url, query, variables, headers);
            if (r.status !== 200 || r.body.errors) throw new Error(`bench request failed: ${JSON.stringify(r.body).slice(0, 400)}`);
            return r;
          };
          await call(QUICK, { i: { csv: s.skus.map((sku, i) => `${sku},${1 + (i % 30)}`).join("\n") } });
          const phase = async (n: number) => {
            const out: number[] = [];
            let discount = 0;
            // 15 unmeasured updates: after a 5,000-rule reload the isolate's GC is still busy for a while
            for (let i = 0; i < n + 15; i++) {
              const r = await call(SET, { i: { variantId: s.variantIds[(i * 37) % LINES]!, quantity: 1 + (i % 60) } });
              if (i >= 15) out.push(r.ms);
              discount = (r.body as any).data.setCartLineQuantity.totals.discountTotal;
            }
            return { sorted: out.sort((a, b) => a - b), discount };
          };
          const wait = () => new Promise((r) => setTimeout(r, 5_500)); // active-rules re-check period
          const now = Date.now();
          const rules = await storeRules(stack.databaseUrl, ruleJson(s, now));
          // alternate blocks with and without the rules so the machine's load drift hits both alike
          const withRules: number[] = [];
          const without: number[] = [];
          const blockDiffs: number[] = [];
          const reloads: number[] = [];
          let lastWithout = 0;
          for (let block = 0; block < 2 * BLOCKS; block++) {
            const active = block % 2 === 1;
            await setStatus(stack.databaseUrl, active ? "active" : "archived");
            await wait();
            const t0 = performance.now();
            await call(SET, { i: { variantId: s.variantIds[1]!, quantity: 3 } }); // reloads the rules (not measured)
            if (active) reloads.push(performance.now() - t0);
            const b = await phase(SAMPLES / BLOCKS);
            if (active && b.discount <= 0) throw new Error("the 5,000 rules gave no discount: promotions are not wired to the cart");
            if (!active && b.discount !== 0) throw new Error("archived rules still discount the cart");
            (active ? withRules : without).push(...b.sorted);
            if (active) blockDiffs.push(p50(b.sorted) - lastWithout);
            else lastWithout = p50(b.sorted);
          }
          withRules.sort((a, b) => a - b);
          without.sort((a, b) => a - b);
          blockDiffs.sort((a, b) => a - b);

          // the engine alone, in this process, on the same cart shape and the same compiled rules
          const index = new PromotionRuleIndex(rules.filter((r) => !r.channelCodes || r.channelCodes.includes("b2b")));
          const lines: PromotionCartLine[] = s.skus.map((sku, i) => ({
            lineId: `l${i}`, variantId: s.variantIds[i]!, productId: s.productIds[i]!, sku, categoryIds: i < LINES / 5 ? [s.categoryId] : [],
            collectionIds: [], brandId: null, traits: {}, quantity: 1 + (i % 30), unitPrice: 1 + (i % 30) >= 10 ? 900 : 1000, weight: 400,
          }));
          const ctx = { channelCode: "b2b", accountId: s.accountId, locationId: s.locationId, role: "buyer", email: "buyer@bench.test", customerGroupIds: [], now };
          const engine = await timeIt(() => evaluatePromotions(index, { currency: "USD", lines }, ctx), 300, 200);
          const considered = evaluatePromotions(index, { currency: "USD", lines }, ctx);
          const t1 = performance.now();
          new PromotionRuleIndex(rules);
          const indexMs = performance.now() - t1;

          const bench = "promotions.cartupdate5000";
          return [
            ...latencyFigures(`${bench} (5,000 active rules)`, withRules, {}, { p50: "≤ 25 ms" }),
            ...latencyFigures(`${bench} (no rule active)`, without, { p50: "carts engineer: ~108–157 ms p50 (no rules)" }),
            { bench, metric: "promotions share: p50 with − p50 without", value: r3(p50(withRules) - p50(without)), unit: "ms" },
            { bench, metric: "promotions share: median of per-block p50 differences", value: r3(p50(blockDiffs)), unit: "ms", reference: blockDiffs.map(r3).join(" / ") },
            ...latencyFigures(`${bench}.engine (in-process, same cart and rules)`, engine),
            { bench, metric: "rules applied / considered by the index", value: considered.applied.length, unit: `of ${considered.applied.length + considered.explanations.length} considered (${index.rules.length} on b2b)` },
            { bench, metric: "first update after a rule change (loads + compiles 5,000 rules; once per isolate and version)", value: r3(p50([...reloads].sort((a, b) => a - b))), unit: "ms", reference: reloads.map(r3).join(" / ") },
            { bench, metric: "rule index build, in-process", value: r3(indexMs), unit: "ms" },
            { bench, metric: "samples", value: SAMPLES, unit: `requests per condition, in ${BLOCKS} alternating blocks each` },
          ];
        } finally {
          await stack.stop();
        }
      },
    },
  ],
};
export default suite;
