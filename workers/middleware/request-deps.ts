import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { createRequestDeps } from "../request-deps";

export const requestDeps = createMiddleware<AppEnv>(async (c, next) => {
  const t0 = performance.now();
  const country = (c.req.raw as { cf?: { country?: string } }).cf?.country ?? null;
  const deps = createRequestDeps(c.env, new Date(), country);
  c.set("deps", deps);
  try {
    await next();
  } finally {
    // exposes the round trips this request made: benchmarks and no-N+1 checks read it
    c.header("x-sql-queries", String(deps.dbHandle.queryCount()));
    c.header("server-timing", deps.timings.header(performance.now() - t0));
    c.executionCtx.waitUntil(deps.dbHandle.close());
  }
});
