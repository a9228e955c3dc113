import { GraphQLError, NoSchemaIntrospectionCustomRule, type GraphQLSchema } from "graphql";
import { createYoga, type Plugin, type YogaServerInstance } from "graphql-yoga";
import { isDomainError } from "../../shared/kernel/errors";
import type { GraphQLContext } from "../../shared/kernel/graphql/context";

function domainToGraphQLError(error: GraphQLError | Error, original: unknown): GraphQLError | undefined {
  if (!isDomainError(original)) return undefined;
  const gql = error instanceof GraphQLError ? error : undefined;
  return new GraphQLError(original.message, {
    nodes: gql?.nodes,
    path: gql?.path,
    extensions: { code: original.code, ...(original.details.field ? { field: original.details.field } : {}), ...pickIssues(original.details) },
  });
}

const MONEY_DETAILS = ["available", "requested", "creditLimit"] as const;

/** Details safe and useful for clients: validation issues and a machine-readable reason. */
function pickIssues(details: Record<string, unknown>) {
  return {
    ...(Array.isArray(details.issues) ? { issues: details.issues } : {}),
    ...(typeof details.reason === "string" ? { reason: details.reason } : {}),
    // a refused order transition lists the states the caller may move to instead
    ...(Array.isArray(details.allowed) ? { allowed: details.allowed } : {}),
    // the lines a refusal is about (out_of_stock, cart_invalid, price_changed): ids, SKUs, quantities
    ...(Array.isArray(details.lines) ? { lines: details.lines } : {}),
    // amounts a money refusal is about (credit limit, store credit): the caller's own figures
    ...Object.fromEntries(MONEY_DETAILS.filter((k) => typeof details[k] === "number").map((k) => [k, details[k]])),
  };
}

/**
 * Domain errors keep their code and message; anything else thrown by a resolver is logged with
 * the request id and masked, so stack traces and SQL never leave the Worker.
 */
function maskError(error: unknown): Error {
  const e = error as GraphQLError;
  const original = e instanceof GraphQLError ? e.originalError : error;
  const mapped = domainToGraphQLError(e, original);
  if (mapped) return mapped;
  if (e instanceof GraphQLError && (!original || original instanceof GraphQLError)) {
    // parse, validation and input coercion errors are the caller's to fix
    return new GraphQLError(e.message, { nodes: e.nodes, path: e.path, extensions: { ...e.extensions, code: e.extensions?.code ?? "BAD_USER_INPUT" } });
  }
  console.error("resolver error", original instanceof Error ? original.stack : original);
  return new GraphQLError("Internal server error", { nodes: e.nodes, path: e.path, extensions: { code: "INTERNAL" } });
}

const CALLER_FAULT_CODES = new Set(["GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "BAD_REQUEST"]);

/** Errors Yoga raises before execution (malformed body, syntax) get a code too. */
const codeEveryError: Plugin = {
  onResultProcess({ result, setResult }) {
    if (!result || Array.isArray(result) || typeof result !== "object" || !("errors" in result) || !result.errors) return;
    const errors = result.errors.map((err) => {
      const ge = err as GraphQLError;
      const code = ge.extensions?.code as string | undefined;
      if (code && !CALLER_FAULT_CODES.has(code)) return ge;
      // malformed documents, failed validation and bad variables are all the caller's input to fix
      return new GraphQLError(ge.message, {
        nodes: ge.nodes,
        path: ge.path,
        extensions: { ...ge.extensions, code: "BAD_USER_INPUT", ...(code ? { reason: code } : {}) },
      });
    });
    setResult({ ...result, errors });
  },
};

const noIntrospection: Plugin = {
  onValidate({ addValidationRule }) {
    addValidationRule(NoSchemaIntrospectionCustomRule);
  },
};

export function makeYoga(schema: GraphQLSchema, endpoint: string, introspection: boolean): YogaServerInstance<GraphQLContext, GraphQLContext> {
  return createYoga<GraphQLContext>({
    schema,
    graphqlEndpoint: endpoint,
    landingPage: false,
    graphiql: introspection ? { title: `Vectis Edge ${endpoint}` } : false,
    maskedErrors: { maskError, isDev: false },
    plugins: [codeEveryError, ...(introspection ? [] : [noIntrospection])],
    // expected errors are answers, not incidents; unexpected ones are logged by maskError
    logging: false,
  });
}
