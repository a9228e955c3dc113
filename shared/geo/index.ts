/** Geography domain: ISO 3166 countries and subdivisions, and the address-code check others reuse. */
import type { GeoService } from "./geo.service";

export { countries, subdivisions, type CountryRow, type SubdivisionRow } from "./geo.tables";
export {
  validateAddressCodes, normalizeAddressCodes, registryOf, codesToCheck, AddressCodeError,
  COUNTRY_CODE, SUBDIVISION_CODE,
  type GeoRegistry, type AddressCodes, type AddressCodeProblem,
} from "./address-codes";
export { registryFor, assertAddressCodes } from "./geo.repository";
export { GeoService, type GeoDeps } from "./geo.service";
export { CountryType, SubdivisionType } from "./geo.graphql";

declare module "../kernel/graphql/context" {
  interface Services {
    geo: GeoService;
  }
}
