import { env, SELF } from "cloudflare:test";
import { signAccessToken } from "../../shared/auth";
import type { Principal } from "../../shared/kernel/principal";

export interface GqlResult<T = any> {
  status: number;
  headers: Headers;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
  raw: string;
}

export interface GqlOptions {
  channel?: string;
  token?: string;
  headers?: Record<string, string>;
}

export async function gql<T = any>(api: "shop" | "admin", query: string, variables?: Record<string, unknown>, opts: GqlOptions = {}): Promise<GqlResult<T>> {
  const res = await SELF.fetch(`http://vectis.test${api === "shop" ? "/graphql" : "/admin/graphql"}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      // the GraphQL-over-HTTP media type: request errors come back as HTTP 400
      accept: "application/graphql-response+json, application/json;q=0.9",
      ...(opts.channel ? { "x-channel": opts.channel } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const raw = await res.text();
  const body = JSON.parse(raw) as { data?: T; errors?: GqlResult["errors"] };
  return { status: res.status, headers: res.headers, data: body.data, errors: body.errors, raw };
}

/** A real signed token for a principal, as the login flow would issue it. */
export function tokenFor(p: Exclude<Principal, { kind: "guest" }>, ttlSeconds = 900, now = new Date()): Promise<string> {
  return signAccessToken(p, env.AUTH_SECRET as string, now, ttlSeconds);
}

export function staffToken(permissions: string[], email = "staff@vectis.test"): Promise<string> {
  return tokenFor({ kind: "staff", staffId: crypto.randomUUID(), email, permissions });
}

export const uniq = (prefix: string) => `${prefix}${crypto.randomUUID().replace(/-/g, "").slice(0, 10)}`;
