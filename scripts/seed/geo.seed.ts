/**
 * ISO 3166 from the `iso-3166` registry package (never typed by hand): ~249 countries and ~5,070
 * subdivisions, in bulk batches. Idempotent (ON CONFLICT DO NOTHING) and independent of the demo
 * seed mark, so it can be re-run after a package upgrade to add new codes.
 */
import { iso31661, iso31662 } from "iso-3166";
import { countries, subdivisions } from "../../shared/geo";
import type { Executor } from "../../shared/kernel/db";

const BATCH = 1000;

export async function seedGeo(db: Executor): Promise<{ countries: number; subdivisions: number }> {
  const countryRows = iso31661.map((c) => ({ code: c.alpha2, alpha3: c.alpha3, numeric: c.numeric, name: c.name }));
  await db.insert(countries).values(countryRows).onConflictDoNothing({ target: countries.code });

  // parents before children: a subdivision's parent may itself be a subdivision (self FK)
  const byCode = new Map(iso31662.map((s) => [s.code, s]));
  const depth = (code: string): number => {
    const p = byCode.get(code)?.parent;
    return p && byCode.has(p) ? 1 + depth(p) : 0;
  };
  const rows = iso31662
    .map((s) => ({
      code: s.code,
      countryCode: s.code.slice(0, 2),
      parentCode: byCode.has(s.parent) ? s.parent : null,
      name: s.name,
      depth: depth(s.code),
    }))
    .sort((a, b) => a.depth - b.depth || (a.code < b.code ? -1 : 1));
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH).map(({ depth: _d, ...r }) => r);
    await db.insert(subdivisions).values(batch).onConflictDoNothing({ target: subdivisions.code });
  }
  return { countries: countryRows.length, subdivisions: rows.length };
}
