import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Db } from "../kernel/db";

export interface DbHandle {
  db: Db;
  /** SQL statements sent so far through this handle: benchmarks and no-N+1 tests read it */
  queryCount(): number;
  close(): Promise<void>;
}

/**
 * One postgres.js client per request over Hyperdrive (Hyperdrive pools the real connections).
 * `prepare: false` because Hyperdrive's transaction-mode pooling and per-request clients gain
 * nothing from named statements; `fetch_types: false` saves a round trip on connect.
 */
export function openDb(connectionString: string, opts: { max?: number } = {}): DbHandle {
  let count = 0;
  const sql = postgres(connectionString, {
    max: opts.max ?? 4,
    fetch_types: false,
    prepare: false,
    idle_timeout: 5,
    connect_timeout: 10,
    onnotice: () => {},
    debug: () => {
      count++;
    },
  });
  const db = drizzle(sql) as unknown as Db;
  return {
    db,
    queryCount: () => count,
    close: () => sql.end({ timeout: 2 }).catch(() => {}),
  };
}

export function openDbFromEnv(env: Env, opts: { max?: number } = {}): DbHandle {
  return openDb(env.HYPERDRIVE.connectionString, opts);
}
