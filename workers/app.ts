import { Hono, type Context } from "hono";
import type { YogaServerInstance } from "graphql-yoga";
import type { GraphQLContext } from "../shared/kernel/graphql/context";
import type { AppEnv } from "./app-env";
import { adminSchema, shopSchema } from "./graphql/schemas";
import { makeYoga } from "./graphql/yoga";
import { healthHandler } from "./health";
import { resolveChannel } from "./middleware/channel";
import { errorResponse } from "./middleware/error-response";
import { resolvePrincipal } from "./middleware/principal";
import { requestDeps } from "./middleware/request-deps";
import { requestId } from "./middleware/request-id";
import type { ApiName } from "../shared/kernel/graphql/context";

type Yoga = YogaServerInstance<GraphQLContext, GraphQLContext>;
const yogas: Partial<Record<ApiName, Yoga>> = {};

function yogaFor(api: ApiName, introspection: boolean): Yoga {
  return (yogas[api] ??=
    api === "shop" ? makeYoga(shopSchema(), "/graphql", introspection) : makeYoga(adminSchema(), "/admin/graphql", introspection));
}

function graphqlHandler(api: ApiName) {
  return (c: Context<AppEnv>) => {
    const deps = c.get("deps");
    const ctx: GraphQLContext = {
      requestId: c.get("requestId"),
      api,
      channel: c.get("channel"),
      principal: c.get("principal"),
      now: deps.now,
      country: ((c.req.raw as { cf?: { country?: string } }).cf?.country as string | undefined) ?? c.req.header("x-country") ?? null,
      services: deps.services,
    };
    return yogaFor(api, deps.config.introspection).fetch(c.req.raw, ctx);
  };
}

export const app = new Hono<AppEnv>();

app.use("*", requestId);
app.onError((err, c) => errorResponse(c, err));
app.notFound((c) => c.json({ errors: [{ message: `No route for ${c.req.method} ${new URL(c.req.url).pathname}`, extensions: { code: "NOT_FOUND" } }] }, 404));

app.get("/health", requestDeps, healthHandler);

for (const [path, api] of [
  ["/graphql", "shop"],
  ["/admin/graphql", "admin"],
] as const) {
  app.use(path, requestDeps, resolveChannel, resolvePrincipal);
  app.on(["GET", "POST"], path, graphqlHandler(api));
}
