import type { CatalogAdminService } from "./catalog-admin.service";
import type { CatalogService } from "./catalog.service";
import "./catalog.graphql";
import "./catalog-admin.graphql";
import "./catalog.events";

export * from "./catalog.tables";
export { CatalogService, type Viewer, type ProductConnection, type PriceResult } from "./catalog.service";
export { CatalogAdminService, type BulkUpsertResult } from "./catalog-admin.service";
export { unpricedProvider, type VariantPrice, type VariantPriceProvider, type PriceRequest } from "./price-provider";
export { noVariantReferences, type VariantReferenceCheck } from "./variant-reference";
export { checkOrderQuantity, quantityRuleIssues, withQuantityDefaults, type QuantityRules, type QuantityCheck } from "./quantity-rules";
export { catalogAccess, viewerGroupIds, type CatalogAccess, type PriceHiddenReason } from "./catalog-access";
export { productInputSchema, variantInputSchema, bulkUpsertSchema, type ProductInput, type VariantInput } from "./catalog.schema";
export { ProductType, VariantType, CategoryType } from "./catalog.graphql";
export type { ProductView, VariantView, CategoryView } from "./catalog-read.repository";

declare module "../kernel/graphql/context" {
  interface Services {
    catalog: CatalogService;
    catalogAdmin: CatalogAdminService;
  }
}
export { visibleVariantIds, visibleVariantsSql } from "./variant-visibility.repository";
export { loadVisibleVariantFacts, type VariantFacts, type VariantFactsRequest } from "./variant-facts.repository";
export { clearCatalogPageCaches, PAGE_CACHE_TTL_MS } from "./catalog-page-cache";
