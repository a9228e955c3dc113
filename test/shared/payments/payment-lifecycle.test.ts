import { describe, expect, it } from "vitest";
import {
  allowedActions, applyAuthorization, applyCapture, applyRefund, applyReleaseHold, applyReleaseRemainder, applySettle, applyVoid,
  creditUsed, openAuthorization, refundable, type PaymentSnapshot,
} from "../../../shared/payments";
import { DomainError } from "../../../shared/kernel/errors";

const pending: PaymentSnapshot = { state: "pending", authorized: 0, captured: 0, refunded: 0, settled: 0 };
const authorized = (amount = 10_000) => applyAuthorization(pending, "approved", amount);

function conflictOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error("expected a refusal");
}

describe("authorization", () => {
  it("approved, held and declined outcomes", () => {
    expect(authorized(500)).toEqual({ state: "authorized", authorized: 500, captured: 0, refunded: 0, settled: 0 });
    const held = applyAuthorization(pending, "held", 500);
    expect(held.state).toBe("held");
    expect(openAuthorization(held)).toBe(0);
    expect(creditUsed(held)).toBe(500);
    const declined = applyAuthorization(pending, "declined", 500);
    expect(declined.state).toBe("declined");
    expect(allowedActions(declined)).toEqual([]);
  });

  it("cannot authorize twice", () => {
    const e = conflictOf(() => applyAuthorization(authorized(), "approved", 1));
    expect(e.code).toBe("CONFLICT");
    expect(e.details.reason).toBe("payment_state");
    expect(e.details.allowed).toEqual(["capture", "void"]);
  });

  it("held: only release or void; release makes it capturable", () => {
    const held = applyAuthorization(pending, "held", 700);
    expect(allowedActions(held)).toEqual(["release_hold", "void"]);
    expect(conflictOf(() => applyCapture(held)).details.reason).toBe("payment_held");
    const released = applyReleaseHold(held);
    expect(released.state).toBe("authorized");
    expect(applyCapture(released).state).toBe("captured");
    expect(applyVoid(held).state).toBe("voided");
  });
});

describe("capture", () => {
  it("full capture by default", () => {
    const c = applyCapture(authorized(10_000));
    expect(c).toMatchObject({ state: "captured", captured: 10_000, capturedNow: 10_000, released: 0 });
    expect(openAuthorization(c)).toBe(0);
    expect(allowedActions(c)).toEqual(["refund", "settle"]);
  });

  it("over-capture is refused with the open amount", () => {
    const e = conflictOf(() => applyCapture(authorized(10_000), { amount: 10_001 }));
    expect(e.code).toBe("CONFLICT");
    expect(e.details).toMatchObject({ reason: "capture_exceeds_authorization", open: 10_000, requested: 10_001 });
  });

  it("multi-capture up to the authorization, then nothing left", () => {
    let p: PaymentSnapshot = applyCapture(authorized(10_000), { amount: 3_000 });
    expect(p.state).toBe("partially_captured");
    expect(openAuthorization(p)).toBe(7_000);
    p = applyCapture(p, { amount: 4_000 });
    expect(p).toMatchObject({ state: "partially_captured", captured: 7_000 });
    expect(conflictOf(() => applyCapture(p, { amount: 3_001 })).details.reason).toBe("capture_exceeds_authorization");
    p = applyCapture(p, { amount: 3_000 });
    expect(p).toMatchObject({ state: "captured", captured: 10_000, authorized: 10_000 });
    expect(conflictOf(() => applyCapture(p, { amount: 1 })).details.reason).toBe("nothing_to_capture");
  });

  it("partial capture with final releases the remainder", () => {
    const p = applyCapture(authorized(10_000), { amount: 6_500, final: true });
    expect(p).toMatchObject({ state: "captured", captured: 6_500, authorized: 6_500, released: 3_500 });
    expect(openAuthorization(p)).toBe(0);
    expect(allowedActions(p)).not.toContain("capture");
  });

  it("release remainder after a partial capture", () => {
    const p = applyReleaseRemainder(applyCapture(authorized(10_000), { amount: 2_500 }));
    expect(p).toMatchObject({ state: "captured", authorized: 2_500, captured: 2_500, released: 7_500 });
    expect(conflictOf(() => applyReleaseRemainder(p)).details.reason).toBe("payment_state");
  });

  it("malformed amounts are bad input, not conflicts", () => {
    for (const amount of [0, -5, 1.5, Number.NaN]) {
      const e = conflictOf(() => applyCapture(authorized(), { amount }));
      expect(e.code).toBe("BAD_USER_INPUT");
      expect(e.details.field).toBe("amount");
    }
  });

  it("nothing on declined, voided or pending payments", () => {
    const declined = applyAuthorization(pending, "declined", 100);
    const voided = applyVoid(authorized());
    for (const p of [declined, voided, pending]) {
      expect(conflictOf(() => applyCapture(p)).code).toBe("CONFLICT");
      expect(conflictOf(() => applyRefund(p, 1)).code).toBe("CONFLICT");
    }
    expect(conflictOf(() => applyVoid(declined)).details.allowed).toEqual([]);
  });
});

describe("void", () => {
  it("voids an authorization and releases it", () => {
    const v = applyVoid(authorized(4_200));
    expect(v).toMatchObject({ state: "voided", released: 4_200 });
    expect(openAuthorization(v)).toBe(0);
    expect(creditUsed(v)).toBe(0);
  });

  it("double void is refused", () => {
    const e = conflictOf(() => applyVoid(applyVoid(authorized())));
    expect(e.details).toMatchObject({ reason: "payment_state", state: "voided", allowed: [] });
  });

  it("no void after any capture, even 1 minor unit", () => {
    const e = conflictOf(() => applyVoid(applyCapture(authorized(1_000), { amount: 1 })));
    expect(e.details).toMatchObject({ reason: "already_captured", captured: 1 });
    expect(e.details.allowed).toEqual(["capture", "release_remainder", "refund", "settle"]);
  });

  it("a pending payment can be abandoned", () => {
    expect(applyVoid(pending)).toMatchObject({ state: "voided", released: 0 });
  });
});

describe("refund", () => {
  it("refund more than captured is refused", () => {
    const c = applyCapture(authorized(10_000), { amount: 4_000 });
    const e = conflictOf(() => applyRefund(c, 4_001));
    expect(e.details).toMatchObject({ reason: "refund_exceeds_captured", refundable: 4_000, requested: 4_001 });
  });

  it("refund in parts down to zero, then nothing more", () => {
    let p: PaymentSnapshot = applyCapture(authorized(9_999));
    p = applyRefund(p, 3_333);
    expect(p.state).toBe("partially_refunded");
    p = applyRefund(p, 3_333);
    expect(refundable(p)).toBe(3_333);
    p = applyRefund(p, 3_333);
    expect(p).toMatchObject({ state: "refunded", refunded: 9_999 });
    expect(refundable(p)).toBe(0);
    expect(conflictOf(() => applyRefund(p, 1)).details).toMatchObject({ reason: "refund_exceeds_captured", refundable: 0 });
    expect(allowedActions(p)).toEqual([]);
  });

  it("refund while part of the authorization is still open keeps it capturable", () => {
    let p: PaymentSnapshot = applyCapture(authorized(10_000), { amount: 4_000 });
    p = applyRefund(p, 4_000);
    expect(p.state).toBe("partially_refunded");
    expect(openAuthorization(p)).toBe(6_000);
    p = applyCapture(p, { amount: 6_000 });
    expect(p).toMatchObject({ state: "partially_refunded", captured: 10_000, refunded: 4_000 });
    p = applyRefund(p, 6_000);
    expect(p.state).toBe("refunded");
  });

  it("refund of a final partial capture ends refunded", () => {
    const p = applyRefund(applyCapture(authorized(10_000), { amount: 2_000, final: true }), 2_000);
    expect(p.state).toBe("refunded");
  });
});

describe("net terms settlement and credit used", () => {
  it("credit used: open + invoiced unpaid; settlement frees it; over-settle refused", () => {
    let p: PaymentSnapshot = authorized(10_000);
    expect(creditUsed(p)).toBe(10_000);
    p = applyCapture(p, { amount: 6_000 });
    expect(creditUsed(p)).toBe(10_000);
    p = applySettle(p, 2_500);
    expect(creditUsed(p)).toBe(7_500);
    p = applyRefund(p, 1_000);
    expect(creditUsed(p)).toBe(6_500);
    expect(conflictOf(() => applySettle(p, 2_501)).details).toMatchObject({ reason: "settle_exceeds_invoiced", unsettled: 2_500 });
    p = applySettle(p, 2_500);
    expect(creditUsed(p)).toBe(4_000); // the part never invoiced
    // a refund after the invoice was paid is money owed back, never negative credit
    p = applyReleaseRemainder(p);
    p = applyRefund(p, 5_000);
    expect(creditUsed(p)).toBe(0);
  });
});
