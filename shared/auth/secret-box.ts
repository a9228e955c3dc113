/**
 * Encrypts secrets that must be recoverable (TOTP seeds) with AES-256-GCM under a key derived
 * from the auth secret by HKDF, so a database dump alone does not reveal them.
 * Format: "<iv b64>.<ciphertext b64>".
 */
import { fromBase64, randomBytes, toBase64, utf8 } from "./crypto-bytes";

const keys = new Map<string, Promise<CryptoKey>>();

function keyFor(secret: string, purpose: string): Promise<CryptoKey> {
  const id = `${purpose}\u0000${secret}`;
  let k = keys.get(id);
  if (!k) {
    k = (async () => {
      const base = await crypto.subtle.importKey("raw", utf8(secret), "HKDF", false, ["deriveKey"]);
      return crypto.subtle.deriveKey(
        { name: "HKDF", hash: "SHA-256", salt: utf8("vectis-secret-box"), info: utf8(purpose) },
        base,
        { name: "AES-GCM", length: 256 },
        false,
        ["encrypt", "decrypt"],
      );
    })();
    keys.set(id, k);
  }
  return k;
}

export async function sealSecret(plain: string, secret: string, purpose: string): Promise<string> {
  const iv = randomBytes(12);
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await keyFor(secret, purpose), utf8(plain)));
  return `${toBase64(iv)}.${toBase64(ct)}`;
}

export async function openSecret(sealed: string, secret: string, purpose: string): Promise<string> {
  const [iv, ct] = sealed.split(".");
  if (!iv || !ct) throw new Error("Malformed sealed secret");
  const pt = await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromBase64(iv) }, await keyFor(secret, purpose), fromBase64(ct));
  return new TextDecoder().decode(pt);
}
