import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../kernel/db";
import { codesToCheck, registryOf, validateAddressCodes, type AddressCodes, type GeoRegistry } from "./address-codes";
import { countries, subdivisions, type CountryRow, type SubdivisionRow } from "./geo.tables";

export async function listCountries(db: Executor): Promise<CountryRow[]> {
  return db.select().from(countries).orderBy(asc(countries.name));
}

export async function listSubdivisions(db: Executor, countryCode: string): Promise<SubdivisionRow[]> {
  return db.select().from(subdivisions).where(eq(subdivisions.countryCode, countryCode)).orderBy(asc(subdivisions.code));
}

/** The registry view for these addresses' codes: ONE query whatever the number of addresses. */
export async function registryFor(db: Executor, addresses: readonly AddressCodes[]): Promise<GeoRegistry> {
  const { countries: cs, subdivisions: ss } = codesToCheck(addresses);
  if (cs.length === 0 && ss.length === 0) return registryOf([], []);
  const rows = await db
    .select({ code: countries.code, kind: sql<string>`'c'` })
    .from(countries)
    .where(inArray(countries.code, cs.length ? cs : [""]))
    .unionAll(
      db
        .select({ code: subdivisions.code, kind: sql<string>`'s'` })
        .from(subdivisions)
        .where(inArray(subdivisions.code, ss.length ? ss : [""])),
    );
  return registryOf(
    rows.filter((r) => r.kind === "c").map((r) => r.code),
    rows.filter((r) => r.kind === "s").map((r) => r.code),
  );
}

/** Refuse addresses with unknown or malformed codes (typed AddressCodeError naming the field); one query. */
export async function assertAddressCodes(db: Executor, addresses: readonly { address: AddressCodes; field: string }[]): Promise<void> {
  const registry = await registryFor(db, addresses.map((a) => a.address));
  for (const a of addresses) validateAddressCodes(a.address, registry, a.field);
}
