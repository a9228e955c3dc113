import { describe, expect, it } from "vitest";
import { assertExpectedVersion, assertMayChangeCart, assertMayUseCart, MAX_LINE_QUANTITY, quantityRejection, rejectionError } from "../../../shared/carts/cart-rules";
import { DomainError } from "../../../shared/kernel/errors";
import type { Principal } from "../../../shared/kernel/principal";

const caseOf12 = { casePack: 12, moq: 24, orderIncrement: 12 };
const employee = (role = "buyer"): Principal => ({ kind: "employee", employeeId: "e", accountId: "a", locationId: "l", role, email: "e@x", groupIds: [] });
const customer: Principal = { kind: "customer", customerId: "c", email: "c@x", groupIds: [] };
const guest: Principal = { kind: "guest" };
const staff: Principal = { kind: "staff", staffId: "s", email: "s@x", permissions: ["*"] };

function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof DomainError ? e.code : "NOT_A_DOMAIN_ERROR";
  }
}

describe("quantity rules on a cart line", () => {
  it("accepts the MOQ and every increment above it", () => {
    for (const q of [24, 36, 48, 120]) expect(quantityRejection(caseOf12, q)).toBeNull();
  });

  it("refuses zero, negatives and fractions as NOT_POSITIVE with the MOQ as the nearest valid", () => {
    for (const q of [0, -12, -1, 1.5]) expect(quantityRejection(caseOf12, q)).toMatchObject({ reason: "NOT_POSITIVE", nearestValid: 24 });
  });

  it("refuses below MOQ, off the case pack and off the increment, pointing at the next valid quantity", () => {
    expect(quantityRejection(caseOf12, 12)).toMatchObject({ reason: "BELOW_MOQ", nearestValid: 24 });
    expect(quantityRejection(caseOf12, 25)).toMatchObject({ reason: "NOT_CASE_MULTIPLE", nearestValid: 36 });
    const odd = { casePack: 6, moq: 12, orderIncrement: 12 };
    expect(quantityRejection(odd, 18)).toMatchObject({ reason: "NOT_INCREMENT_STEP", nearestValid: 24 });
  });

  it("refuses a quantity above the sane maximum, with no nearest valid beyond it", () => {
    const r = quantityRejection({ casePack: 1, moq: 1, orderIncrement: 1 }, MAX_LINE_QUANTITY + 1);
    expect(r).toMatchObject({ reason: "ABOVE_MAX" });
    expect(r!.nearestValid).toBeUndefined();
    expect(quantityRejection({ casePack: 1, moq: 1, orderIncrement: 1 }, MAX_LINE_QUANTITY)).toBeNull();
  });

  it("turns a rejection into a typed error naming the field (NOT_FOUND for unknown SKUs)", () => {
    const e = rejectionError({ reason: "BELOW_MOQ", message: "minimum order quantity is 24", nearestValid: 24 }, "quantity", "ABC");
    expect(e).toMatchObject({ code: "BAD_USER_INPUT", details: { field: "quantity", reason: "BELOW_MOQ", nearestValid: 24 } });
    expect(e.message).toContain("ABC");
    expect(rejectionError({ reason: "UNKNOWN_SKU", message: "x" }, "sku").code).toBe("NOT_FOUND");
  });
});

describe("who may use and change a cart", () => {
  const open = { loginWallMode: "open" as const, commerceMode: "hybrid" as const };
  it("lets guests use carts only behind an open login wall", () => {
    expect(codeOf(() => assertMayUseCart(open, guest))).toBeNull();
    expect(codeOf(() => assertMayUseCart({ ...open, loginWallMode: "login_required" }, guest))).toBe("UNAUTHENTICATED");
    expect(codeOf(() => assertMayUseCart({ ...open, loginWallMode: "login_to_price" }, guest))).toBe("UNAUTHENTICATED");
    expect(codeOf(() => assertMayUseCart({ ...open, loginWallMode: "login_to_price" }, customer))).toBeNull();
  });

  it("keeps B2B channels for employees and B2C channels for consumers; staff never", () => {
    expect(codeOf(() => assertMayUseCart({ ...open, commerceMode: "b2b" }, customer))).toBe("FORBIDDEN");
    expect(codeOf(() => assertMayUseCart({ ...open, commerceMode: "b2b" }, employee()))).toBeNull();
    expect(codeOf(() => assertMayUseCart({ ...open, commerceMode: "b2c" }, employee()))).toBe("FORBIDDEN");
    expect(codeOf(() => assertMayUseCart(open, staff))).toBe("FORBIDDEN");
  });

  it("lets only Active accounts (status 9) and ordering roles change a B2B cart", () => {
    expect(codeOf(() => assertMayChangeCart(employee(), { status: 9 }))).toBeNull();
    for (const status of [0, 1, 3, 8, 10, 11]) expect(codeOf(() => assertMayChangeCart(employee(), { status }))).toBe("FORBIDDEN");
    expect(codeOf(() => assertMayChangeCart(employee("viewer"), { status: 9 }))).toBe("FORBIDDEN");
    expect(codeOf(() => assertMayChangeCart(employee(), null))).toBe("FORBIDDEN");
    expect(codeOf(() => assertMayChangeCart(customer, null))).toBeNull();
  });

  it("refuses a stale expected version with CONFLICT and the current version", () => {
    expect(codeOf(() => assertExpectedVersion(undefined, 7))).toBeNull();
    expect(codeOf(() => assertExpectedVersion(7, 7))).toBeNull();
    try {
      assertExpectedVersion(6, 7);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: "CONFLICT", details: { field: "expectedVersion", currentVersion: 7 } });
    }
  });
});
