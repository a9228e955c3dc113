import type { Db } from "../kernel/db";
import { badInput } from "../kernel/errors";
import { normalizeAddressCodes, type AddressCodes, type GeoRegistry } from "./address-codes";
import { assertAddressCodes, listCountries, listSubdivisions, registryFor } from "./geo.repository";
import type { CountryRow, SubdivisionRow } from "./geo.tables";

export interface GeoDeps {
  db: Db;
}

/** Read-only ISO geography; the data changes only with a registry-package upgrade and a re-seed. */
export class GeoService {
  constructor(private readonly deps: GeoDeps) {}

  countries(): Promise<CountryRow[]> {
    return listCountries(this.deps.db);
  }

  async subdivisions(country: string): Promise<SubdivisionRow[]> {
    const code = normalizeAddressCodes({ country }, "country").country;
    const rows = await listSubdivisions(this.deps.db, code);
    if (rows.length === 0) {
      // an unknown country is an error; a known one without subdivisions is an empty list
      const reg = await registryFor(this.deps.db, [{ country: code }]);
      if (!reg.isCountry(code)) throw badInput(`country "${code}" is not an ISO 3166-1 country`, "country");
    }
    return rows;
  }

  /** One query for all of them; throws AddressCodeError (BAD_USER_INPUT) naming the first bad field. */
  assertAddressCodes(addresses: readonly { address: AddressCodes; field: string }[]): Promise<void> {
    return assertAddressCodes(this.deps.db, addresses);
  }

  registryFor(addresses: readonly AddressCodes[]): Promise<GeoRegistry> {
    return registryFor(this.deps.db, addresses);
  }
}
