/**
 * Whether something outside the catalog (orders, quotes, carts…) still points at variants. A
 * referenced variant is archived instead of deleted so order history keeps its SKU, name and
 * dimensions. The orders domain does not exist yet: the default says "nothing is referenced", and
 * the orders issue replaces it in workers/services.ts with a check against its tables.
 */
export interface VariantReferenceCheck {
  /** the subset of `variantIds` that must not be deleted */
  referencedVariantIds(variantIds: string[]): Promise<Set<string>>;
}

export const noVariantReferences: VariantReferenceCheck = {
  referencedVariantIds: async () => new Set(),
};
