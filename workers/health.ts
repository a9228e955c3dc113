import type { Context } from "hono";
import { sql } from "drizzle-orm";
import type { AppEnv } from "./app-env";

/** Liveness of the Worker and its database; 503 when the database does not answer. */
export async function healthHandler(c: Context<AppEnv>) {
  const { dbHandle, now } = c.get("deps");
  const t0 = performance.now();
  let database: { ok: boolean; latencyMs?: number; error?: string };
  try {
    await dbHandle.db.execute(sql`select 1`);
    database = { ok: true, latencyMs: Math.round((performance.now() - t0) * 10) / 10 };
  } catch {
    database = { ok: false, error: "database unreachable" };
  }
  const ok = database.ok;
  return c.json({ status: ok ? "ok" : "degraded", worker: { ok: true, time: now.toISOString() }, database }, ok ? 200 : 503);
}
