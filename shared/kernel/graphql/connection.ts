/**
 * Relay-style cursor helpers. Cursors are opaque base64url JSON of the sort key, so pages stay
 * stable while rows are inserted elsewhere in the list.
 */
import { badInput } from "../errors";

export function encodeCursor(key: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(key));
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor<T>(cursor: string, field = "after"): T {
  try {
    const b64 = cursor.replace(/-/g, "+").replace(/_/g, "/");
    const bin = atob(b64);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch {
    throw badInput(`Malformed cursor "${cursor}"`, field);
  }
}
