import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";

/**
 * The database handle repositories receive. A transaction handle has the same query surface, so
 * repositories take `Db` and work inside or outside a transaction alike.
 */
export type Db = PostgresJsDatabase<Record<string, never>>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Executor = Db | Tx;
