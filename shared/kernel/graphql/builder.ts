import SchemaBuilder from "@pothos/core";
import SubGraphPlugin from "@pothos/plugin-sub-graph";
import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import type { GraphQLContext } from "./context";

/**
 * One builder for every domain. Types are in both APIs by default; root fields must say which
 * API(s) they belong to (`subGraphs: ["shop"]`, `["admin"]` or both), so nothing reaches the
 * shop API by accident.
 */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  SubGraphs: "shop" | "admin";
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
    Minor: { Input: number; Output: number };
    ID: { Input: string; Output: string | number | bigint };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [SubGraphPlugin],
  subGraphs: { defaultForTypes: ["shop", "admin"], fieldsInheritFromTypes: true },
  defaultFieldNullability: false,
});

builder.addScalarType(
  "DateTime",
  new GraphQLScalarType<Date, string>({
    name: "DateTime",
    description: "ISO-8601 timestamp in UTC",
    serialize: (v) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString()),
    parseValue: (v) => {
      const d = new Date(String(v));
      if (Number.isNaN(d.getTime())) throw new GraphQLError(`Invalid DateTime "${String(v)}"`);
      return d;
    },
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING) throw new GraphQLError("DateTime must be a string");
      const d = new Date(ast.value);
      if (Number.isNaN(d.getTime())) throw new GraphQLError(`Invalid DateTime "${ast.value}"`);
      return d;
    },
  }),
);

builder.scalarType("Minor", {
  description: "An amount in a currency's minor unit (cents for USD, yen for JPY, fils for KWD): a safe integer, never a float",
  serialize: (v) => {
    if (!Number.isSafeInteger(v)) throw new GraphQLError(`Minor amount must be a safe integer, got ${String(v)}`);
    return v;
  },
  parseValue: (v) => {
    if (typeof v !== "number" || !Number.isSafeInteger(v)) throw new GraphQLError(`Minor amount must be an integer number of minor units, got ${JSON.stringify(v)}`);
    return v;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.INT) throw new GraphQLError("Minor amount must be an integer literal");
    const n = Number(ast.value);
    if (!Number.isSafeInteger(n)) throw new GraphQLError("Minor amount out of range");
    return n;
  },
});

builder.scalarType("JSON", {
  description: "Arbitrary JSON value",
  serialize: (v) => v,
  parseValue: (v) => v,
});

builder.queryType({ subGraphs: ["shop", "admin"], defaultSubGraphsForFields: [] });
builder.mutationType({ subGraphs: ["shop", "admin"], defaultSubGraphsForFields: [] });

const ApiInfo = builder.objectRef<{ name: string; api: string; channel: string; requestId: string }>("ApiInfo").implement({
  fields: (f) => ({ name: f.exposeString("name"), api: f.exposeString("api"), channel: f.exposeString("channel"), requestId: f.exposeString("requestId") }),
});

builder.queryField("apiInfo", (t) =>
  t.field({
    subGraphs: ["shop", "admin"],
    type: ApiInfo,
    description: "Which API and channel answered, for clients and smoke tests",
    resolve: (_r, _a, ctx) => ({ name: "vectis-edge", api: ctx.api, channel: ctx.channel.code, requestId: ctx.requestId }),
  }),
);
