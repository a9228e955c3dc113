/**
 * Case packs, minimum order quantities and order increments. A variant sold by the case may only
 * be ordered in whole cases, so MOQ and the increment are multiples of the case pack; carts
 * (later issues) check a requested quantity with `checkOrderQuantity`.
 */
export interface QuantityRules {
  casePack: number;
  moq: number;
  orderIncrement: number;
}

export interface QuantityRuleIssue {
  field: keyof QuantityRules;
  message: string;
}

const isPositiveInt = (n: number) => Number.isInteger(n) && n >= 1;

/** Problems with a variant's rules, each naming the field at fault; empty when valid. */
export function quantityRuleIssues(r: QuantityRules): QuantityRuleIssue[] {
  const issues: QuantityRuleIssue[] = [];
  if (!isPositiveInt(r.casePack)) issues.push({ field: "casePack", message: `case pack must be a whole number ≥ 1 (got ${r.casePack})` });
  if (!isPositiveInt(r.moq)) issues.push({ field: "moq", message: `minimum order quantity must be a whole number ≥ 1 (got ${r.moq})` });
  if (!isPositiveInt(r.orderIncrement)) {
    issues.push({ field: "orderIncrement", message: `order increment must be a whole number ≥ 1 (got ${r.orderIncrement})` });
  }
  if (issues.length > 0) return issues;
  if (r.moq % r.casePack !== 0) {
    issues.push({ field: "moq", message: `minimum order quantity ${r.moq} is not a multiple of the case pack ${r.casePack}` });
  }
  if (r.orderIncrement % r.casePack !== 0) {
    issues.push({ field: "orderIncrement", message: `order increment ${r.orderIncrement} is not a multiple of the case pack ${r.casePack}` });
  }
  return issues;
}

/** Fills MOQ and increment from the case pack when they are not given (a case is the natural unit). */
export function withQuantityDefaults(r: Partial<QuantityRules>): QuantityRules {
  const casePack = r.casePack ?? 1;
  return { casePack, moq: r.moq ?? casePack, orderIncrement: r.orderIncrement ?? casePack };
}

export type QuantityCheck =
  | { ok: true }
  | { ok: false; reason: "BELOW_MOQ" | "NOT_CASE_MULTIPLE" | "NOT_INCREMENT_STEP" | "NOT_POSITIVE"; nearestValid: number; message: string };

/** Whether `quantity` may be ordered; when not, the closest allowed quantity at or above it. */
export function checkOrderQuantity(r: QuantityRules, quantity: number): QuantityCheck {
  const stepUp = (q: number) => (q <= r.moq ? r.moq : r.moq + Math.ceil((q - r.moq) / r.orderIncrement) * r.orderIncrement);
  if (!Number.isInteger(quantity) || quantity < 1) {
    return { ok: false, reason: "NOT_POSITIVE", nearestValid: r.moq, message: "quantity must be a whole number ≥ 1" };
  }
  if (quantity < r.moq) return { ok: false, reason: "BELOW_MOQ", nearestValid: r.moq, message: `minimum order quantity is ${r.moq}` };
  if (quantity % r.casePack !== 0) {
    return { ok: false, reason: "NOT_CASE_MULTIPLE", nearestValid: stepUp(quantity), message: `sold in cases of ${r.casePack}` };
  }
  if ((quantity - r.moq) % r.orderIncrement !== 0) {
    return {
      ok: false,
      reason: "NOT_INCREMENT_STEP",
      nearestValid: stepUp(quantity),
      message: `quantity must be ${r.moq} plus a multiple of ${r.orderIncrement}`,
    };
  }
  return { ok: true };
}
