import { badInput } from "../kernel/errors";
import { decodeCursor, encodeCursor } from "../kernel/graphql/connection";

/**
 * Keyset cursors for product listings. Each sort has a total order ending in the product id, and
 * the cursor carries the sort it was made for, so a cursor from another sort is refused instead of
 * silently skipping rows. Timestamps travel as Postgres text (microsecond precision).
 */
export type ProductSort = "NAME" | "NEWEST" | "RELEVANCE";

export type SortKey =
  | { sort: "NAME"; name: string; id: string }
  | { sort: "NEWEST"; createdAt: string; id: string }
  | { sort: "RELEVANCE"; score: number; id: string };

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export function pageSize(first: number | null | undefined, field = "first"): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw badInput(`${field} must be between 1 and ${MAX_PAGE_SIZE}`, field);
  return first;
}

export function cursorFor(key: SortKey): string {
  switch (key.sort) {
    case "NAME":
      return encodeCursor(["N", key.name, key.id]);
    case "NEWEST":
      return encodeCursor(["C", key.createdAt, key.id]);
    case "RELEVANCE":
      return encodeCursor(["R", key.score, key.id]);
  }
}

export function parseCursor(cursor: string, sort: ProductSort, field = "after"): SortKey {
  const raw = decodeCursor<unknown>(cursor, field);
  const bad = () => badInput(`cursor does not belong to a ${sort} listing`, field);
  if (!Array.isArray(raw) || raw.length !== 3 || typeof raw[2] !== "string") throw bad();
  const [tag, v, id] = raw as [unknown, unknown, string];
  if (sort === "NAME" && tag === "N" && typeof v === "string") return { sort, name: v, id };
  if (sort === "NEWEST" && tag === "C" && typeof v === "string" && !Number.isNaN(Date.parse(v))) return { sort, createdAt: v, id };
  if (sort === "RELEVANCE" && tag === "R" && typeof v === "number" && Number.isInteger(v)) return { sort, score: v, id };
  throw bad();
}
