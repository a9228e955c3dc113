/**
 * Checkout through the Worker on wrangler dev with the embedded Postgres (B2B, GraphQL shop API):
 * - checkout.place50 / checkout.place500: `placeOrder` for a 50-line and a 500-line cart (one unit
 *   per line), ≥ 30 placements each after warm-up; every placement gets a fresh cart of that size
 *   (quickOrder into the location cart the previous placement emptied — not timed);
 * - checkout.concurrent20: 20 distinct buyers (20 locations) place at once, 5 rounds, 10-line carts
 *   on disjoint SKUs (no stock-row contention between buyers): placements per second and latency.
 * Each placement: final check (cart object + 1 wave of reads), one transaction (order, lines,
 * payment, stock reservation, transitions, outbox). The Worker's SQL statements per placement are
 * reported from `x-sql-queries`; they must not grow with the line count.
 * Payment: manual (authorizes without a gateway); no approval (no spending limit).
 */
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { signAccessToken } from "../../shared/auth";
import { DEV_AUTH_SECRET, insertPricedVariants } from "./lib/bench-catalog";
import { latencyFigures, type BenchSuite, type Figure } from "./bench-kit";
import { graphqlOnce, histogram, withSeededStack, type Stack } from "./lib/stack";

const VARIANTS = 500;
const BUYERS = 20;
const SAMPLES = 30;
const WARMUP = 3;

interface Buyer {
  token: string;
  addressId: string;
}

interface Seeded {
  skus: string[];
  buyers: Buyer[];
}

export async function seed(url: string): Promise<Seeded> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  const db = drizzle(client);
  try {
    const rows = await insertPricedVariants(db, { prefix: "bench-co-", count: VARIANTS, channel: "b2b", weightG: 300, tiers: [{ minQty: 1, unitPrice: 1_000 }] });
    const ids = `{${rows.map((r) => r.id).join(",")}}`;
    await db.execute(sql`update variants set length_mm = 100, width_mm = 80, height_mm = 60 where id = any(${ids}::uuid[])`);
    await db.execute(sql`
      with w as (insert into warehouses (code, name, priority) values ('BENCH-WH', 'Bench warehouse', 1) returning id)
      insert into stock_levels (variant_id, warehouse_id, on_hand) select v, w.id, 1000000 from w, unnest(${ids}::uuid[]) v`);
    const [acct] = (await db.execute(sql`insert into accounts (name, status) values ('Bench Checkout', 9) returning id`)) as unknown as { id: string }[];
    const people = (await db.execute(sql`
      with l as (
        insert into locations (account_id, name, code)
        select ${acct!.id}::uuid, 'Bench store ' || g, 'bench-co-' || g from generate_series(1, ${BUYERS}) g returning id, code
      ), a as (
        insert into addresses (location_id, kind, line1, city, postal_code, subdivision_code, country_code)
        select id, 'shipping', '1 Main St', 'Los Angeles', '90001', 'US-CA', 'US' from l returning id, location_id
      ), e as (
        insert into employees (account_id, location_id, email, name, role)
        select ${acct!.id}::uuid, l.id, l.code || '@bench.test', 'Bench buyer', 'buyer' from l returning id, location_id, email
      )
      select e.id as employee_id, e.email, e.location_id, a.id as address_id from e join a on a.location_id = e.location_id order by e.email`)) as unknown as {
      employee_id: string;
      email: string;
      location_id: string;
      address_id: string;
    }[];
    const buyers = await Promise.all(
      people.map(async (p) => ({
        addressId: p.address_id,
        token: await signAccessToken(
          { kind: "employee", employeeId: p.employee_id, accountId: acct!.id, locationId: p.location_id, role: "buyer", email: p.email, groupIds: [] },
          DEV_AUTH_SECRET,
          new Date(),
          4 * 3600,
        ),
      })),
    );
    return { skus: rows.map((r) => r.sku), buyers };
  } finally {
    await client.end();
  }
}

const QUICK = `mutation($i: QuickOrderInput!) { quickOrder(input: $i) { appliedCount cart { version } } }`;
const PLACE = `mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { orderId state total } }`;

function check(r: { status: number; body: { errors?: unknown[] } }, what: string) {
  if (r.status !== 200 || r.body.errors) throw new Error(`bench ${what} failed: ${JSON.stringify(r.body).slice(0, 400)}`);
}

const withStack = <T>(fn: (stack: Stack, s: Seeded) => Promise<T>): Promise<T> => withSeededStack(seed, fn);

let keySeq = 0;

/** Fill the buyer's (emptied) cart with `skus`, then place it; returns the placement's time and SQL count. */
async function fillAndPlace(url: string, b: Buyer, skus: string[]): Promise<{ ms: number; sql: number }> {
  const headers = { "x-channel": "b2b", authorization: `Bearer ${b.token}` };
  const q = await graphqlOnce(url, QUICK, { i: { csv: skus.map((s) => `${s},1`).join("\n") } }, headers);
  check(q, "quickOrder");
  const body = q.body as { data: { quickOrder: { appliedCount: number; cart: { version: number } } } };
  if (body.data.quickOrder.appliedCount !== skus.length) throw new Error("quick order did not apply every line");
  return place(url, b, body.data.quickOrder.cart.version);
}

const PREVIEW = `query($i: CheckoutPreviewInput!) { checkoutPreview(input: $i) { total problems { reason } } }`;

/** The final check alone (no writes; quotes EVERY offered shipping method, placement packs only the chosen one). */
async function preview(url: string, b: Buyer, version: number): Promise<{ ms: number; sql: number }> {
  const headers = { "x-channel": "b2b", authorization: `Bearer ${b.token}` };
  const r = await graphqlOnce(url, PREVIEW, { i: { expectedCartVersion: version, shippingAddressId: b.addressId, shippingMethodId: "ups-ground" } }, headers);
  check(r, "checkoutPreview");
  return { ms: r.ms, sql: r.sqlQueries };
}

async function place(url: string, b: Buyer, version: number): Promise<{ ms: number; sql: number }> {
  const headers = { "x-channel": "b2b", authorization: `Bearer ${b.token}` };
  const input = { idempotencyKey: `bench-${process.pid}-${++keySeq}`, expectedCartVersion: version, shippingAddressId: b.addressId, shippingMethodId: "ups-ground", payment: { method: "manual" } };
  const r = await graphqlOnce(url, PLACE, { i: input }, headers);
  check(r, "placeOrder");
  return { ms: r.ms, sql: r.sqlQueries };
}

function latencyCase(lines: number): BenchSuite["cases"][number] {
  return {
    name: `checkout.place${lines}`,
    run: () =>
      withStack(async (stack, s) => {
        const url = `${stack.baseUrl}/graphql`;
        const skus = s.skus.slice(0, lines);
        const times: number[] = [];
        const sqlCounts: number[] = [];
        const previews: number[] = [];
        for (let i = 0; i < WARMUP + SAMPLES; i++) {
          const r = await fillAndPlace(url, s.buyers[0]!, skus);
          if (i >= WARMUP) {
            times.push(r.ms);
            sqlCounts.push(r.sql);
          }
        }
        // the split: the same cart's final check without the transaction (a separate request)
        const q = await graphqlOnce(url, QUICK, { i: { csv: skus.map((x) => `${x},1`).join("\n") } }, { "x-channel": "b2b", authorization: `Bearer ${s.buyers[0]!.token}` });
        check(q, "quickOrder");
        const v = (q.body as { data: { quickOrder: { cart: { version: number } } } }).data.quickOrder.cart.version;
        for (let i = 0; i < 10; i++) previews.push((await preview(url, s.buyers[0]!, v)).ms);
        const label = `checkout.place${lines} (placeOrder, ${lines}-line cart, wrangler dev)`;
        return [
          ...latencyFigures(label, times.sort((a, b) => a - b)),
          { bench: `checkout.place${lines}`, metric: "Worker SQL statements per placement (max)", value: Math.max(...sqlCounts), unit: "statements", reference: histogram(sqlCounts) },
          { bench: `checkout.place${lines}`, metric: "samples", value: times.length, unit: "placements" },
          {
            bench: `checkout.place${lines}`,
            metric: "checkoutPreview p50 (final check, every shipping method quoted, no transaction)",
            value: Math.round(previews.sort((a, b) => a - b)[Math.floor(previews.length / 2)]! * 10) / 10,
            unit: "ms",
            reference: "placement = this check (packing only the chosen method) + one transaction",
          },
        ] satisfies Figure[];
      }),
  };
}

const suite: BenchSuite = {
  cases: [
    latencyCase(50),
    latencyCase(500),
    {
      name: "checkout.concurrent20",
      run: () =>
        withStack(async (stack, s) => {
          const url = `${stack.baseUrl}/graphql`;
          const ROUNDS = 5;
          const LINES = 10;
          const skusOf = (k: number) => s.skus.slice(k * LINES, k * LINES + LINES);
          // warm-up round (isolate, price books, rules), not counted
          await Promise.all(s.buyers.map((b, k) => fillAndPlace(url, b, skusOf(k))));
          const times: number[] = [];
          const sqlCounts: number[] = [];
          let wall = 0;
          for (let round = 0; round < ROUNDS; round++) {
            const versions = await Promise.all(
              s.buyers.map(async (b, k) => {
                const q = await graphqlOnce(url, QUICK, { i: { csv: skusOf(k).map((x) => `${x},1`).join("\n") } }, { "x-channel": "b2b", authorization: `Bearer ${b.token}` });
                check(q, "quickOrder");
                return (q.body as { data: { quickOrder: { cart: { version: number } } } }).data.quickOrder.cart.version;
              }),
            );
            const t0 = performance.now();
            const results = await Promise.all(s.buyers.map((b, k) => place(url, b, versions[k]!)));
            wall += performance.now() - t0;
            for (const r of results) {
              times.push(r.ms);
              sqlCounts.push(r.sql);
            }
          }
          return [
            { bench: "checkout.concurrent20", metric: "placements per second (20 concurrent buyers)", value: Math.round((times.length / (wall / 1000)) * 10) / 10, unit: "req/s" },
            ...latencyFigures("checkout.concurrent20 (placeOrder latency under 20 concurrent buyers, 10 lines)", times.sort((a, b) => a - b)),
            { bench: "checkout.concurrent20", metric: "Worker SQL statements per placement (max)", value: Math.max(...sqlCounts), unit: "statements", reference: histogram(sqlCounts) },
            { bench: "checkout.concurrent20", metric: "samples", value: times.length, unit: "placements" },
          ] satisfies Figure[];
        }),
    },
  ],
};
export default suite;
