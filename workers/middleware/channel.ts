import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";

export const resolveChannel = createMiddleware<AppEnv>(async (c, next) => {
  const deps = c.get("deps");
  const header = c.req.header("x-channel")?.trim() || null;
  const host = new URL(c.req.url).hostname.toLowerCase() || null;
  c.set("channel", await deps.services.channels.resolve(header, host, deps.config.defaultChannel));
  await next();
});
