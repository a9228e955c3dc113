import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";

/**
 * The database handle repositories receive. A transaction handle has the same query surface, so
 * repositories take `Db` and work inside or outside a transaction alike.
 */
export type Db = PostgresJsDatabase<Record<string, never>>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Executor = Db | Tx;

/**
 * True when `e` (or an error it wraps: drizzle wraps the driver's error in `cause`) is a Postgres
 * unique violation (SQLSTATE 23505), so a service can answer CONFLICT or find the winner of a race.
 */
export function isUniqueViolation(e: unknown): boolean {
  for (let x: unknown = e, i = 0; x && i < 4; x = (x as { cause?: unknown }).cause, i++) {
    if ((x as { code?: unknown }).code === "23505") return true;
  }
  return false;
}
