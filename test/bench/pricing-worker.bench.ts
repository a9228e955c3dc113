/**
 * A 500-line price quote through the Worker on wrangler dev (GraphQL `prices`): warm (the buyer's
 * PriceBook Durable Object already holds the rules: no SQL) and cold (a new pricing context each
 * time: the book loads 500 variants' rules), with the SQL statements the book reported.
 */
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { DEV_AUTH_SECRET, insertPricedVariants } from "./lib/bench-catalog";
import { sql } from "drizzle-orm";
import { signAccessToken } from "../../shared/auth";
import { latencyFigures, type BenchSuite, type Figure } from "./bench-kit";
import { graphqlOnce, startStack } from "./lib/stack";

const LINES = 500;
const SECRET = DEV_AUTH_SECRET;
const QUERY = `query($lines: [PriceLineInput!]!) { prices(lines: $lines) { currency sqlStatements lines { unitPrice source { level } } } }`;

async function seedPrices(url: string): Promise<string[]> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  const db = drizzle(client);
  try {
    const rows = await insertPricedVariants(db, {
      prefix: "bench-price-",
      count: LINES,
      channel: "b2c",
      tiers: [
        { minQty: 1, unitPrice: 1000 },
        { minQty: 10, unitPrice: 900 },
      ],
    });
    const ids = rows.map((r) => r.id);
    await db.execute(sql`
      insert into price_overrides (level, scope_id, variant_id, currency, tiers)
      select 'group', '00000000-0000-4000-8000-000000000001'::uuid, v, 'USD', '[{"minQty":1,"unitPrice":950}]'::jsonb
      from unnest(${`{${ids.slice(0, 100).join(",")}}`}::uuid[]) v`);
    return ids;
  } finally {
    await client.end();
  }
}

const suite: BenchSuite = {
  cases: [
    {
      name: "pricing.pricebook.cart500",
      async run(): Promise<Figure[]> {
        let ids: string[] = [];
        const stack = await startStack({ seed: async (url) => void (ids = await seedPrices(url)) });
        try {
          const url = `${stack.baseUrl}/graphql`;
          const lines = ids.map((variantId, i) => ({ variantId, quantity: 1 + (i % 20) }));
          const headers = { "x-channel": "b2c" };
          const first = await graphqlOnce(url, QUERY, { lines }, headers);
          if (first.status !== 200 || (first.body as any).errors) throw new Error(`bench query failed: ${JSON.stringify(first.body).slice(0, 300)}`);
          const warm: number[] = [];
          const warmBook: number[] = [];
          const warmApp: number[] = [];
          for (let i = 0; i < 300; i++) {
            const r = await graphqlOnce(url, QUERY, { lines }, headers);
            warm.push(r.ms);
            warmBook.push(r.serverTiming.get("pricebook")?.dur ?? NaN);
            warmApp.push(r.serverTiming.get("app")?.dur ?? NaN);
          }
          for (const xs of [warm, warmBook, warmApp]) xs.sort((a, b) => a - b);
          // read right away: the cold loop below can outlast the book's staleness bound
          const warmSql = (await graphqlOnce(url, QUERY, { lines }, headers)).body as any;
          const cold: number[] = [];
          const coldStatements = new Set<number>();
          for (let i = 0; i < 40; i++) {
            // a new group set is a new pricing context: a PriceBook that has never loaded anything
            const token = await signAccessToken({ kind: "customer", customerId: crypto.randomUUID(), email: "b@x.test", groupIds: ["00000000-0000-4000-8000-000000000001", crypto.randomUUID()] }, SECRET, new Date());
            const r = await graphqlOnce(url, QUERY, { lines }, { ...headers, authorization: `Bearer ${token}` });
            cold.push(r.ms);
            coldStatements.add((r.body as any).data.prices.sqlStatements);
          }
          cold.sort((a, b) => a - b);
          return [
            ...latencyFigures("pricing.pricebook.warm500 (GraphQL, wrangler dev)", warm, {}, { p99: "≤ 5 ms" }),
            // Server-Timing: the Worker's call to the warm PriceBook (500 lines there and back, resolved
            // in the object), and the whole request inside the Worker (GraphQL parse, validation, output)
            ...latencyFigures("pricing.pricebook.warm500 server: PriceBook call", warmBook, {}, { p99: "≤ 5 ms" }),
            ...latencyFigures("pricing.pricebook.warm500 server: Worker", warmApp),
            { bench: "pricing.pricebook.warm500", metric: "price book SQL statements", value: warmSql.data.prices.sqlStatements, unit: "statements", goal: "0" },
            ...latencyFigures("pricing.pricebook.cold500 (GraphQL, wrangler dev)", cold),
            { bench: "pricing.pricebook.cold500", metric: "price book SQL statements", value: Math.max(...coldStatements), unit: "statements", reference: [...coldStatements].join("/"), goal: "constant ≤ 3" },
          ];
        } finally {
          await stack.stop();
        }
      },
    },
  ],
};
export default suite;
