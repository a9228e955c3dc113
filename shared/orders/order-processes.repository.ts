/** SQL for merchant-defined order processes (versions are append-only). */
import { desc, eq, sql } from "drizzle-orm";
import type { Executor, Tx } from "../kernel/db";
import type { ProcessDefinitionInput } from "./order-process.schema";
import { orderProcesses, type OrderProcessRow } from "./orders.tables";

/** The latest version of every stored process: one query. */
export async function latestProcesses(db: Executor): Promise<OrderProcessRow[]> {
  return db
    .selectDistinctOn([orderProcesses.code])
    .from(orderProcesses)
    .orderBy(orderProcesses.code, desc(orderProcesses.version));
}

export async function processVersions(db: Executor, code: string): Promise<OrderProcessRow[]> {
  return db.select().from(orderProcesses).where(eq(orderProcesses.code, code)).orderBy(desc(orderProcesses.version));
}

/**
 * Appends version n+1 of `code`. A transaction-scoped advisory lock on the code serialises
 * concurrent saves of the same process, so two saves never race for the same version number.
 */
export async function insertNextVersion(tx: Tx, def: { code: string; name: string; definition: ProcessDefinitionInput }, now: Date): Promise<OrderProcessRow> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`order_process:${def.code}`}))`);
  const [row] = await tx
    .insert(orderProcesses)
    .values({
      code: def.code,
      name: def.name,
      definition: def.definition,
      createdAt: now,
      version: sql`(select coalesce(max(${orderProcesses.version}), 0) + 1 from ${orderProcesses} where ${orderProcesses.code} = ${def.code})`,
    })
    .returning();
  return row!;
}
