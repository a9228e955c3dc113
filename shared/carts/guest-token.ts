/**
 * Guest cart tokens: `g1.<cart id>.<signature>`, the signature an HMAC-SHA-256 (WebCrypto) of the
 * channel and cart id under the deployment's auth secret. The cart id names the Durable Object,
 * so a token altered to point at another cart, or reused on another channel, fails verification.
 */
import { DomainError } from "../kernel/errors";

const PREFIX = "g1";
const ID = /^[A-Za-z0-9_-]{22}$/;
const keys = new Map<string, Promise<CryptoKey>>();
const encoder = new TextEncoder();

function hmacKey(secret: string): Promise<CryptoKey> {
  let k = keys.get(secret);
  if (!k) {
    k = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keys.set(secret, k);
  }
  return k;
}

function b64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromB64url(s: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(s) || s.length % 4 === 1) return null;
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (s.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const message = (channelId: string, cartId: string) => encoder.encode(`guest-cart:${channelId}:${cartId}`);

/** A new guest cart id and its token. `random` is injectable so tests are deterministic. */
export async function issueGuestToken(secret: string, channelId: string, random: Uint8Array = crypto.getRandomValues(new Uint8Array(16))): Promise<{ cartId: string; token: string }> {
  const cartId = b64url(random);
  const sig = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), message(channelId, cartId)));
  return { cartId, token: `${PREFIX}.${cartId}.${b64url(sig)}` };
}

/** The guest cart id the token was issued for; a malformed, tampered or foreign token is refused. */
export async function verifyGuestToken(secret: string, channelId: string, token: string, field = "guestToken"): Promise<string> {
  const refuse = () => new DomainError("FORBIDDEN", "Invalid guest cart token", { field });
  if (typeof token !== "string" || token.length > 200) throw refuse();
  const [prefix, cartId, sig, ...rest] = token.split(".");
  if (prefix !== PREFIX || !cartId || !sig || rest.length > 0 || !ID.test(cartId)) throw refuse();
  const sigBytes = fromB64url(sig);
  if (!sigBytes || sigBytes.length !== 32) throw refuse();
  // verify() compares in constant time
  const ok = await crypto.subtle.verify("HMAC", await hmacKey(secret), sigBytes, message(channelId, cartId));
  if (!ok) throw refuse();
  return cartId;
}
