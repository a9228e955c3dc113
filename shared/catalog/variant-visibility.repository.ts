import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "../kernel/db";
import { hiddenCategoriesCte, uuidArray, visibleTo, type ReadScope } from "./catalog-read.query";
import { isUuid } from "./catalog-access";

/**
 * Which of these variants a shop viewer may see, by the same `visibleTo` rule every catalog read
 * uses (so pricing, carts and checkout can never disagree with the catalog). One statement.
 */
/**
 * The same rule as composable SQL: a CTE list and a `select v.id …` for callers that fold the
 * visibility check into a statement of their own (the PriceBook does, to stay at 3 statements).
 */
export function visibleVariantsSql(scope: ReadScope, variantIds: readonly string[]): { cte: SQL; select: SQL } {
  const ids = [...new Set(variantIds.filter(isUuid).map((v) => v.toLowerCase()))];
  return {
    cte: hiddenCategoriesCte(scope),
    select: sql`select v.id from variants v join products p on p.id = v.product_id
      where v.id = any(${uuidArray(ids)}) and v.status = 'active' and ${sql.join([sql`true`, ...visibleTo(scope)], sql` and `)}`,
  };
}

export async function visibleVariantIds(db: Executor, scope: ReadScope, variantIds: readonly string[]): Promise<Set<string>> {
  const ids = [...new Set(variantIds.filter(isUuid).map((v) => v.toLowerCase()))];
  if (ids.length === 0) return new Set();
  const rows = (await db.execute(sql`
    with ${hiddenCategoriesCte(scope)}
    select v.id from variants v join products p on p.id = v.product_id
    where v.id = any(${uuidArray(ids)}) and v.status = 'active' and ${sql.join([sql`true`, ...visibleTo(scope)], sql` and `)}
  `)) as unknown as { id: string }[];
  return new Set(rows.map((r) => r.id));
}
