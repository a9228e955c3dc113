/**
 * Password hashing with PBKDF2-SHA256 over WebCrypto. The stored form carries algorithm,
 * iteration count and salt, so the count can be raised later and old hashes still verify
 * (and are flagged for rehash on the next successful login).
 * Format: "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>".
 */
import { constantTimeEqual, fromBase64, randomBytes, toBase64, utf8 } from "./crypto-bytes";

/** workerd refuses PBKDF2 above 100 000 iterations; that is also OWASP's floor for SHA-256 with a fast KDF. */
export const PASSWORD_ITERATIONS = 100_000;
const MIN_ITERATIONS = 1_000;
const MAX_ITERATIONS = 100_000;
const KEY_BITS = 256;

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", utf8(password.normalize("NFKC")), "PBKDF2", false, ["deriveBits"]);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, KEY_BITS));
}

export async function hashPassword(password: string, iterations = PASSWORD_ITERATIONS): Promise<string> {
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    throw new Error(`PBKDF2 iterations must be ${MIN_ITERATIONS}–${MAX_ITERATIONS}`);
  }
  const salt = randomBytes(16);
  const hash = await derive(password, salt, iterations);
  return `pbkdf2-sha256$${iterations}$${toBase64(salt)}$${toBase64(hash)}`;
}

interface ParsedHash {
  iterations: number;
  salt: Uint8Array<ArrayBuffer>;
  hash: Uint8Array<ArrayBuffer>;
}

function parse(stored: string): ParsedHash | null {
  const parts = stored.split("$");
  if (parts.length !== 4 || parts[0] !== "pbkdf2-sha256") return null;
  const iterations = Number(parts[1]);
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) return null;
  try {
    return { iterations, salt: fromBase64(parts[2]!), hash: fromBase64(parts[3]!) };
  } catch {
    return null;
  }
}

/** A dummy hash verified when the account does not exist, so response time does not reveal which emails exist. */
let dummy: Promise<string> | null = null;
function dummyHash(): Promise<string> {
  return (dummy ??= hashPassword("not-a-real-password-" + toBase64(randomBytes(8))));
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parsed = stored ? parse(stored) : null;
  if (!parsed) {
    const d = parse(await dummyHash())!;
    await derive(password, d.salt, d.iterations);
    return false;
  }
  const candidate = await derive(password, parsed.salt, parsed.iterations);
  return constantTimeEqual(candidate, parsed.hash);
}

export function needsRehash(stored: string, iterations = PASSWORD_ITERATIONS): boolean {
  const p = parse(stored);
  return !p || p.iterations < iterations;
}
