/**
 * Demo data, written once per database: a second run does nothing, so changes made through the
 * API survive restarts. Each domain adds its seed here as it lands, in dependency order.
 */
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Db } from "../../shared/kernel/db";
import { appMeta } from "../../shared/platform/platform.tables";
import { seedChannels } from "./channels.seed";
import { seedAccounts } from "./accounts.seed";
import { seedGeo } from "./geo.seed";
import { seedTax } from "./tax.seed";
import { seedCatalog } from "./catalog.seed";
import { seedShipping } from "./shipping.seed";
import { seedPromotions } from "./promotions.seed";
import { seedOrders } from "./orders.seed";

const MARK = "demo_seed";

export async function seedDemoData(url: string): Promise<"seeded" | "already-seeded"> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const db = drizzle(sql) as unknown as Db;
    return await db.transaction(async (tx) => {
      // ISO geography first, on every run: idempotent, and later seeds reference its codes
      await seedGeo(tx);
      const [done] = await tx.select().from(appMeta).where(eq(appMeta.key, MARK));
      if (done) return "already-seeded" as const;
      await seedChannels(tx);
      await seedAccounts(tx);
      await seedCatalog(tx);
      await seedShipping(tx);
      await seedTax(tx);
      await seedPromotions(tx);
      await seedOrders(tx);
      await tx.insert(appMeta).values({ key: MARK, value: { at: new Date().toISOString() } });
      return "seeded" as const;
    });
  } finally {
    await sql.end();
  }
}
