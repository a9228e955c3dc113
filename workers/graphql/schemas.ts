import { GraphQLSchema } from "graphql";
import { builder } from "../../shared/kernel/graphql/builder";
// Each domain's index registers its GraphQL types and fields on the shared builder when imported.
import "../../shared/channels";
import "../../shared/accounts";
import "../../shared/auth";
import "../../shared/catalog";
import "../../shared/pricing";
import "../../shared/geo";
import "../../shared/tax";
import "../../shared/carts";
import "../../shared/shipping";
import "../../shared/promotions";
import "../../shared/payments";
import "../../shared/orders";

/** An API with no mutations yet must not expose an empty Mutation type (invalid GraphQL). */
function withoutEmptyRoots(schema: GraphQLSchema): GraphQLSchema {
  const m = schema.getMutationType();
  if (m && Object.keys(m.getFields()).length === 0) {
    const config = schema.toConfig();
    return new GraphQLSchema({ ...config, mutation: undefined, types: config.types.filter((t) => t !== m) });
  }
  return schema;
}

let shop: GraphQLSchema | undefined;
let admin: GraphQLSchema | undefined;

/** Built once per isolate, from the same modules, filtered to what each API exposes. */
export function shopSchema(): GraphQLSchema {
  return (shop ??= withoutEmptyRoots(builder.toSchema({ subGraph: "shop", sortSchema: true })));
}

export function adminSchema(): GraphQLSchema {
  return (admin ??= withoutEmptyRoots(builder.toSchema({ subGraph: "admin", sortSchema: true })));
}
