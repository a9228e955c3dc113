import { createMiddleware } from "hono/factory";
import { verifyAccessToken } from "../../shared/auth";
import { unauthenticated } from "../../shared/kernel/errors";
import { GUEST } from "../../shared/kernel/principal";
import type { AppEnv } from "../app-env";

/** A request without a token is a guest; a request with a bad or expired token is refused, not downgraded. */
export const resolvePrincipal = createMiddleware<AppEnv>(async (c, next) => {
  const auth = c.req.header("authorization");
  if (!auth) {
    c.set("principal", GUEST);
  } else {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m) throw unauthenticated("Authorization header must be 'Bearer <token>'");
    const deps = c.get("deps");
    c.set("principal", await verifyAccessToken(m[1]!, deps.config.authSecret, deps.now));
  }
  await next();
});
