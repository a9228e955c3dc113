import { describe, expect, it } from "vitest";
import { appliedIds, cart, ctx, evaluate, explanation, line, NOW, promo } from "./helpers";

const C = cart([line("A", 1_000, 4)]);
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe("usage caps", () => {
  const capped = (limits: Record<string, number>) => promo("r", [], undefined, { usage_limits: limits });
  const buyer = ctx({ customerId: "cust", accountId: "acc", locationId: "loc", customerGroupIds: ["g1", "g2"] });

  it.each([
    ["total", { total: 100 }, { total: 100 }, { total: 99 }],
    ["daily", { daily: 5 }, { today: 5 }, { today: 4 }],
    ["per_customer", { per_customer: 1 }, { customer: 1 }, { customer: 0 }],
    ["per_account", { per_account: 3 }, { account: 7 }, { account: 2 }],
    ["per_location", { per_location: 2 }, { location: 2 }, { location: 1 }],
    ["per_group:g2", { per_group: 10 }, { group: { g1: 3, g2: 10 } }, { group: { g1: 9, g2: 9 } }],
  ])("%s cap: reached → explained, below → applies", (cap, limits, reached, below) => {
    const hit = evaluate([capped(limits)], C, { ...buyer, usage: { r: reached } });
    expect(appliedIds(hit)).toEqual([]);
    expect(explanation(hit, "r")).toMatchObject({ reason: "cap_reached", detail: { cap } });
    const ok = evaluate([capped(limits)], C, { ...buyer, usage: { r: below } });
    expect(appliedIds(ok)).toEqual(["r"]);
  });

  it("per-customer caps do not apply to a guest; counts of other rules are not mixed up", () => {
    const r = evaluate([capped({ per_customer: 1 })], C, ctx({ usage: { r: { customer: 5 } } }));
    expect(appliedIds(r)).toEqual(["r"]);
    const r2 = evaluate([capped({ total: 1 })], C, { ...buyer, usage: { other: { total: 5 } } });
    expect(appliedIds(r2)).toEqual(["r"]);
  });

  it("a capped rule gives way to the next best rule", () => {
    const r = evaluate([
      promo("best", [], [{ type: "percent_off", config: { percent: 30 } }], { stacking_policy: "exclusive", usage_limits: { total: 10 } }),
      promo("next", [], [{ type: "percent_off", config: { percent: 10 } }]),
    ], C, { ...buyer, usage: { best: { total: 10 } } });
    expect(appliedIds(r)).toEqual(["next"]);
    expect(r.explanations).toEqual([expect.objectContaining({ ruleId: "best", reason: "cap_reached", message: "Usage cap total reached (10/10)" })]);
  });
});

describe("coupons", () => {
  const couponRule = (codes: unknown[], extra: Record<string, unknown> = {}) =>
    promo("cp", [], [{ type: "fixed_amount_off", config: { amount: 500, target: "order" } }], { type: "coupon", coupon_codes: codes, ...extra });

  it("applies when a code is entered, case-insensitively, and reports the code", () => {
    const r = evaluate([couponRule(["Spring-2026"])], C, ctx({ couponCodes: ["  spring-2026 "] }));
    expect(r.applied).toEqual([{ ruleId: "cp", name: "Promo cp", saving: 500, couponCode: "SPRING-2026" }]);
    expect(r.unknownCoupons).toEqual([]);
  });

  it("explains a missing, expired, not yet valid or used-up code; lists unknown codes", () => {
    expect(explanation(evaluate([couponRule(["X1"])], C, ctx()), "cp")?.reason).toBe("coupon_required");
    const expired = couponRule([{ code: "OLD", ends_at: iso(NOW - DAY) }]);
    expect(explanation(evaluate([expired], C, ctx({ couponCodes: ["old"] })), "cp")).toMatchObject({ reason: "coupon_expired", detail: { coupon: "OLD" } });
    const early = couponRule([{ code: "NEW", starts_at: iso(NOW + DAY) }]);
    expect(explanation(evaluate([early], C, ctx({ couponCodes: ["NEW"] })), "cp")?.reason).toBe("coupon_not_started");
    const single = couponRule([{ code: "ONCE", max_uses: 1 }, "OTHER"]);
    const used = evaluate([single], C, ctx({ couponCodes: ["ONCE", "NOPE"], couponUsage: { ONCE: 1 } }));
    expect(explanation(used, "cp")).toMatchObject({ reason: "coupon_used_up", detail: { coupon: "ONCE", limit: 1 } });
    expect(used.unknownCoupons).toEqual(["NOPE"]);
    // another valid code of the same rule still works
    expect(appliedIds(evaluate([single], C, ctx({ couponCodes: ["ONCE", "other"], couponUsage: { ONCE: 1 } })))).toEqual(["cp"]);
  });
});

describe("schedule, channel scope, visibility", () => {
  it("explains not started / ended, honours the schedule boundaries", () => {
    const rule = promo("s", [], undefined, { schedule: { starts_at: iso(NOW), ends_at: iso(NOW + DAY) } });
    expect(appliedIds(evaluate([rule], C, ctx()))).toEqual(["s"]); // starts_at inclusive
    expect(explanation(evaluate([rule], C, ctx({ now: NOW - 1 })), "s")?.reason).toBe("not_started");
    expect(explanation(evaluate([rule], C, ctx({ now: new Date(NOW + DAY) })), "s")?.reason).toBe("ended"); // ends_at exclusive
  });

  it("channel scope and disabled rules", () => {
    const r = evaluate([promo("ch", [], undefined, { channel_codes: ["b2b"] }), promo("off", [], undefined, { enabled: false })], C, ctx());
    expect(explanation(r, "ch")).toMatchObject({ reason: "channel_excluded", detail: { channel: "b2c" } });
    expect(explanation(r, "off")?.reason).toBe("disabled");
  });

  it("staff-only and role-visible rules", () => {
    const staff = promo("staff", [], undefined, { visibility: "staff_only" });
    const reps = promo("reps", [], undefined, { visibility: "roles", visible_roles: ["sales_rep"] });
    const buyer = evaluate([staff, reps], C, ctx({ role: "buyer" }));
    expect(buyer.explanations.map((e) => e.reason)).toEqual(["not_visible", "not_visible"]);
    expect(appliedIds(evaluate([staff, reps], C, ctx({ isStaff: true, role: "sales_rep" })))).toEqual(["reps", "staff"]);
  });

  it("explains every rule it did not apply, in rule order", () => {
    const r = evaluate([
      promo("a", [{ type: "sku_match", config: { skus: ["Z"] } }]),
      promo("b", [], [{ type: "percent_off", config: { percent: 5 } }], { exclusive_lists: ["L"] }),
      promo("c", [], [{ type: "percent_off", config: { percent: 9 } }], { exclusive_lists: ["L"] }),
      promo("d", [], [{ type: "free_shipping", config: {} }]),
    ], C, ctx());
    expect(appliedIds(r)).toEqual(["c"]);
    expect(r.explanations.map((e) => [e.ruleId, e.reason])).toEqual([["a", "condition_failed"], ["b", "excluded_by_list"], ["d", "no_discount"]]);
    for (const e of r.explanations) expect(e.message.length).toBeGreaterThan(10);
  });
});
