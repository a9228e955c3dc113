/**
 * Carts through the Worker on wrangler dev (B2B location cart, GraphQL shop API):
 * (each case also reports the Worker's SQL statements per request as a histogram, and a DB-free
 * request — `{ __typename }` through the same middleware — interleaved with the measured ones, so
 * the machine's load at the time can be told apart from the cart's own cost)
 * - carts.quickorder500: a 500-line quick order (CSV) into a new, empty location cart each time:
 *   parse, load 500 variants' facts (1 SQL statement), rules per line, price 500 lines (the
 *   PriceBook is warm after the first run), promotions, persist, mirror;
 * - carts.change500: a single-line quantity change on a 500-line cart, which reprices the whole
 *   cart and re-runs promotions; measured returning all 500 lines, and returning totals only.
 * Promotions: no rules are active (rules from the database arrive with the promotions admin
 * issue), so the promotions step costs its lookup only. CPU ms per request is not measurable
 * under wrangler dev; wall-clock latency from the client is reported.
 */
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { DEV_AUTH_SECRET, insertPricedVariants } from "./lib/bench-catalog";
import { sql } from "drizzle-orm";
import { signAccessToken } from "../../shared/auth";
import { latencyFigures, type BenchSuite, type Figure } from "./bench-kit";
import { graphqlOnce, histogram, withSeededStack, type Stack } from "./lib/stack";

const LINES = 500;
const LOCATIONS = 40;
const SECRET = DEV_AUTH_SECRET;
const VENDURE = { change500: { p50: 254, p99: 366 }, change50p50: 44 };

interface Seeded {
  skus: string[];
  variantIds: string[];
  accountId: string;
  locationIds: string[];
}

async function seed(url: string): Promise<Seeded> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  const db = drizzle(client);
  try {
    const rows = await insertPricedVariants(db, {
      prefix: "bench-cart-",
      count: LINES,
      channel: "b2b",
      weightG: 400,
      tiers: [
        { minQty: 1, unitPrice: 1000 },
        { minQty: 10, unitPrice: 900 },
        { minQty: 50, unitPrice: 800 },
      ],
    });
    const ids = rows.map((r) => r.id);
    const [acct] = (await db.execute(sql`insert into accounts (name, status) values ('Bench Wholesale', 9) returning id`)) as unknown as { id: string }[];
    const locs = (await db.execute(sql`
      insert into locations (account_id, name, code)
      select ${acct!.id}::uuid, 'Bench store ' || g, 'bench-' || g from generate_series(1, ${LOCATIONS}) g returning id`)) as unknown as { id: string }[];
    return { skus: rows.map((r) => r.sku), variantIds: ids, accountId: acct!.id, locationIds: locs.map((l) => l.id) };
  } finally {
    await client.end();
  }
}

const tokenFor = (s: Seeded, location: number) =>
  signAccessToken(
    { kind: "employee", employeeId: crypto.randomUUID(), accountId: s.accountId, locationId: s.locationIds[location]!, role: "buyer", email: "buyer@bench.test", groupIds: [] },
    SECRET,
    new Date(),
    3600,
  );

const QUICK = `mutation($i: QuickOrderInput!) { quickOrder(input: $i) { appliedCount rejectedCount cart { version totals { lineCount subtotal total } } } }`;
const SET_FULL = `mutation($i: SetCartLineQuantityInput!) { setCartLineQuantity(input: $i) {
  version totals { lineCount totalQuantity subtotal discountTotal total } lines { id sku quantity unitPrice lineTotal priceLevel tierMinQty discount } } }`;
const SET_TOTALS = `mutation($i: SetCartLineQuantityInput!) { setCartLineQuantity(input: $i) { version totals { lineCount subtotal discountTotal total } } }`;
const TRIVIAL = `{ __typename }`;

const withStack = <T>(fn: (stack: Stack, s: Seeded) => Promise<T>): Promise<T> => withSeededStack(seed, fn);

function check(r: { status: number; body: { errors?: unknown[] } }) {
  if (r.status !== 200 || r.body.errors) throw new Error(`bench request failed: ${JSON.stringify(r.body).slice(0, 400)}`);
}

const csvOf = (s: Seeded) => s.skus.map((sku, i) => `${sku},${1 + (i % 12)}`).join("\n");

const suite: BenchSuite = {
  cases: [
    {
      name: "carts.quickorder500",
      run: () =>
        withStack(async (stack, s) => {
          const url = `${stack.baseUrl}/graphql`;
          const csv = csvOf(s);
          const times: number[] = [];
          const trivial: number[] = [];
          const sqlCounts: number[] = [];
          // location 0 warms the isolate and the PriceBook; each measured run fills a new location's empty cart
          for (let loc = 0; loc < LOCATIONS; loc++) {
            const r = await graphqlOnce(url, QUICK, { i: { csv } }, { "x-channel": "b2b", authorization: `Bearer ${await tokenFor(s, loc)}` });
            check(r);
            if ((r.body as any).data.quickOrder.appliedCount !== LINES) throw new Error("quick order did not apply every line");
            if (loc > 0) {
              times.push(r.ms);
              sqlCounts.push(r.sqlQueries);
              trivial.push((await graphqlOnce(url, TRIVIAL, {}, { "x-channel": "b2b" })).ms);
            }
          }
          times.sort((a, b) => a - b);
          return [
            ...latencyFigures("carts.quickorder500 (GraphQL, wrangler dev, new cart each)", times),
            ...latencyFigures("carts.quickorder500: DB-free { __typename } interleaved", trivial.sort((a, b) => a - b)),
            { bench: "carts.quickorder500", metric: "Worker SQL statements (max)", value: Math.max(...sqlCounts), unit: "statements", reference: histogram(sqlCounts) },
            { bench: "carts.quickorder500", metric: "samples", value: times.length, unit: "requests" },
          ];
        }),
    },
    {
      name: "carts.change500",
      run: () =>
        withStack(async (stack, s) => {
          const url = `${stack.baseUrl}/graphql`;
          const headers = { "x-channel": "b2b", authorization: `Bearer ${await tokenFor(s, 0)}` };
          check(await graphqlOnce(url, QUICK, { i: { csv: csvOf(s) } }, headers));
          const trivial: number[] = [];
          const measure = async (query: string, n: number) => {
            const out: number[] = [];
            const app: number[] = [];
            const cart: number[] = [];
            const sqlCounts: number[] = [];
            for (let i = 0; i < n + 20; i++) {
              const variantId = s.variantIds[(i * 37) % LINES]!;
              const r = await graphqlOnce(url, query, { i: { variantId, quantity: 1 + (i % 60) } }, headers);
              check(r);
              if (i >= 20) {
                out.push(r.ms);
                app.push(r.serverTiming.get("app")?.dur ?? NaN);
                cart.push(r.serverTiming.get("cart")?.dur ?? NaN);
                sqlCounts.push(r.sqlQueries);
                trivial.push((await graphqlOnce(url, TRIVIAL, {}, { "x-channel": "b2b" })).ms);
              }
            }
            const sort = (xs: number[]) => xs.sort((a, b) => a - b);
            return { sorted: sort(out), app: sort(app), cart: sort(cart), sql: Math.max(...sqlCounts), histogram: histogram(sqlCounts) };
          };
          const full = await measure(SET_FULL, 300);
          const totals = await measure(SET_TOTALS, 300);
          const last = (await graphqlOnce(url, SET_TOTALS, { i: { variantId: s.variantIds[0]!, quantity: 5 } }, headers)).body as any;
          if (last.data.setCartLineQuantity.totals.lineCount !== LINES) throw new Error("the cart lost lines");
          return [
            ...latencyFigures("carts.change500 (all 500 lines returned)", full.sorted, { p50: VENDURE.change500.p50, p99: VENDURE.change500.p99 }, { p99: "≤ 25 ms" }),
            ...latencyFigures("carts.change500 (totals only returned)", totals.sorted, { p50: VENDURE.change500.p50, p99: VENDURE.change500.p99 }, { p99: "≤ 25 ms" }),
            // Server-Timing: inside the Worker (without wrangler dev's proxy hop and the client), and the
            // cart object's part of it (the change, repricing through the PriceBook, promotions, totals)
            ...latencyFigures("carts.change500 (totals only) server: Worker", totals.app, {}, { p99: "≤ 25 ms" }),
            ...latencyFigures("carts.change500 (totals only) server: cart object call", totals.cart),
            ...latencyFigures("carts.change500 (all lines) server: Worker", full.app),
            ...latencyFigures("carts.change500: DB-free { __typename } interleaved", trivial.sort((a, b) => a - b)),
            { bench: "carts.change500", metric: "Worker SQL statements, all lines (max)", value: full.sql, unit: "statements", reference: full.histogram },
            { bench: "carts.change500", metric: "Worker SQL statements, totals only (max)", value: totals.sql, unit: "statements", reference: totals.histogram },
            { bench: "carts.change500", metric: "reference", value: 0, unit: "", reference: "Vendure adjustOrderLine 500 lines p50 254 / p99 366 ms; 50 lines p50 44 ms" },
          ];
        }),
    },
  ],
};
export default suite;
