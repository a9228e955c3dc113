import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";

const VALID = /^[A-Za-z0-9._-]{8,128}$/;

/** Keeps a caller's x-request-id when it looks sane (for tracing across services), else mints one. */
export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const given = c.req.header("x-request-id");
  const id = given && VALID.test(given) ? given : crypto.randomUUID();
  c.set("requestId", id);
  await next();
  c.header("x-request-id", id);
});
