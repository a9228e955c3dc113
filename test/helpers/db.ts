import { env } from "cloudflare:test";
import { openDb, type DbHandle } from "../../shared/platform";

/** A direct handle on the test database (through the same Hyperdrive binding the Worker uses). */
export async function withDb<T>(fn: (h: DbHandle) => Promise<T>): Promise<T> {
  const h = openDb(env.HYPERDRIVE.connectionString, { max: 2 });
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}
