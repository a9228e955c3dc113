/**
 * Signed, short-lived access tokens (JWT, HS256 over WebCrypto). The principal's scope (account,
 * location, role, groups, permissions) travels in the token so authorizing a request needs no
 * database round trip; tokens live minutes, and refresh/revocation re-reads the database.
 */
import { z } from "zod";
import { DomainError, unauthenticated } from "../kernel/errors";
import type { Principal } from "../kernel/principal";

const enc = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function b64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromB64url(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function hmacKey(secret: string): Promise<CryptoKey> {
  let k = keyCache.get(secret);
  if (!k) {
    k = crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keyCache.set(secret, k);
  }
  return k;
}

const principalClaims = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("customer"), sub: z.string(), email: z.string(), groups: z.array(z.string()) }),
  z.object({
    kind: z.literal("employee"),
    sub: z.string(),
    email: z.string(),
    acc: z.string(),
    loc: z.string(),
    role: z.string(),
    groups: z.array(z.string()),
  }),
  z.object({ kind: z.literal("staff"), sub: z.string(), email: z.string(), perms: z.array(z.string()) }),
]);

const tokenClaims = z.intersection(principalClaims, z.object({ iat: z.number(), exp: z.number(), jti: z.string().optional() }));
export type AccessTokenClaims = z.infer<typeof tokenClaims>;

export function claimsFor(p: Exclude<Principal, { kind: "guest" }>): z.infer<typeof principalClaims> {
  switch (p.kind) {
    case "customer":
      return { kind: "customer", sub: p.customerId, email: p.email, groups: p.groupIds };
    case "employee":
      return { kind: "employee", sub: p.employeeId, email: p.email, acc: p.accountId, loc: p.locationId, role: p.role, groups: p.groupIds };
    case "staff":
      return { kind: "staff", sub: p.staffId, email: p.email, perms: p.permissions };
  }
}

export async function signAccessToken(
  principal: Exclude<Principal, { kind: "guest" }>,
  secret: string,
  now: Date,
  ttlSeconds = 900,
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  const body = { ...claimsFor(principal), iat, exp: iat + ttlSeconds, jti: crypto.randomUUID() };
  const head = b64url(enc.encode(JSON.stringify({ alg: "HS256", typ: "JWT" })));
  const payload = b64url(enc.encode(JSON.stringify(body)));
  const sig = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), enc.encode(`${head}.${payload}`)));
  return `${head}.${payload}.${b64url(sig)}`;
}

/** Verifies signature (constant time, by WebCrypto) and expiry; any failure is UNAUTHENTICATED. */
export async function verifyAccessToken(token: string, secret: string, now: Date): Promise<Principal> {
  const parts = token.split(".");
  if (parts.length !== 3) throw unauthenticated("Malformed access token");
  const [head, payload, sig] = parts as [string, string, string];
  let ok = false;
  try {
    ok = await crypto.subtle.verify("HMAC", await hmacKey(secret), fromB64url(sig), enc.encode(`${head}.${payload}`));
  } catch {
    ok = false;
  }
  if (!ok) throw unauthenticated("Invalid access token");
  let claims: AccessTokenClaims;
  try {
    const header = JSON.parse(new TextDecoder().decode(fromB64url(head))) as { alg?: string };
    if (header.alg !== "HS256") throw new Error("alg");
    claims = tokenClaims.parse(JSON.parse(new TextDecoder().decode(fromB64url(payload))));
  } catch {
    throw unauthenticated("Invalid access token");
  }
  if (claims.exp <= Math.floor(now.getTime() / 1000)) throw new DomainError("UNAUTHENTICATED", "Access token expired", { reason: "token_expired" });
  switch (claims.kind) {
    case "customer":
      return { kind: "customer", customerId: claims.sub, email: claims.email, groupIds: claims.groups };
    case "employee":
      return { kind: "employee", employeeId: claims.sub, email: claims.email, accountId: claims.acc, locationId: claims.loc, role: claims.role, groupIds: claims.groups };
    case "staff":
      return { kind: "staff", staffId: claims.sub, email: claims.email, permissions: claims.perms };
  }
}
