import { describe, expect, it } from "vitest";
import { compileRule, compileRules, evaluatePromotions, PromotionRuleIndex } from "../../../shared/promotions";
import { DomainError } from "../../../shared/kernel/errors";
import { cart, ctx, line, promo } from "./helpers";

function badInput(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe("BAD_USER_INPUT");
    return e as DomainError;
  }
  throw new Error("expected a BAD_USER_INPUT error");
}

const action = (type: string, config: unknown) => promo("r", [], [{ type, config }]);

describe("bad rules get BAD_USER_INPUT naming the field", () => {
  it.each([
    ["unknown condition type", promo("r", [{ type: "moon_phase", config: {} }]), "conditions.0.type"],
    ["unknown nested condition type", promo("r", [{ type: "any", conditions: [{ type: "channel", config: { channel_codes: ["x"] } }, { type: "nope" }] }]), "conditions.0.conditions.1.type"],
    ["unknown action type", action("teleport", {}), "actions.0.type"],
    ["config failing its schema (empty ids)", promo("r", [{ type: "product_in_category", config: { category_ids: [] } }]), "conditions.0.config.category_ids"],
    ["config with an unknown key", promo("r", [{ type: "channel", config: { channel_codes: ["b2b"], extra: 1 } }]), "conditions.0.config"],
    ["tiers not increasing", action("volume_tiered_percentage", { tiers: [{ min_qty: 12, percent: 5 }, { min_qty: 12, percent: 10 }] }), "actions.0.config.tiers.1.min_qty"],
    ["percent > 100", action("percent_off", { percent: 101 }), "actions.0.config.percent"],
    ["tier percent > 100", action("volume_tiered_percentage", { tiers: [{ min_qty: 1, percent: 150 }] }), "actions.0.config.tiers.0.percent"],
    ["negative amount", action("fixed_amount_off", { amount: -5 }), "actions.0.config.amount"],
    ["fractional amount", action("fixed_price_per_line", { unit_price: 9.99 }), "actions.0.config.unit_price"],
    ["negative max discount", { ...promo("r", []), max_discount_amount: -1 }, "max_discount_amount"],
    ["bundle with both percent and price", action("bundle_discount", { items: [{ sku: "A", quantity: 1 }, { sku: "B", quantity: 1 }], percent: 5, bundle_price: 100 }), "actions.0.config.percent"],
    ["bad time of day", promo("r", [{ type: "time_of_day", config: { from: "25:00", to: "02:00" } }]), "conditions.0.config.from"],
    ["unknown time zone", promo("r", [{ type: "day_of_week", config: { days: [1], timezone: "Mars/Olympus" } }]), "conditions.0.config.timezone"],
    ["min above max", promo("r", [{ type: "item_count", config: { min: 5, max: 2 } }]), "conditions.0.config.max"],
    ["no actions", { name: "x", actions: [] }, "actions"],
    ["unknown rule field", { ...promo("r", []), stacking: "exclusive" }, undefined],
    ["bad stacking policy", { ...promo("r", []), stacking_policy: "sometimes" }, "stacking_policy"],
    ["coupon rule without codes", { ...promo("r", []), type: "coupon" }, "coupon_codes"],
    ["ends before it starts", { ...promo("r", []), starts_at: "2026-05-01T00:00:00Z", ends_at: "2026-04-01T00:00:00Z" }, "ends_at"],
    ["roles visibility without roles", { ...promo("r", []), visibility: "roles" }, "visible_roles"],
    ["not without a condition", promo("r", [{ type: "not" }]), "conditions.0.condition"],
  ])("%s", (_name, rule, field) => {
    const e = badInput(() => compileRule(rule));
    if (field) {
      expect(e.details.field).toBe(field);
      expect(e.message).toContain(field);
    }
  });

  it("compileRules prefixes the rule position and rejects duplicate ids", () => {
    const e = badInput(() => compileRules([promo("a", []), action("percent_off", { percent: 0 })]));
    expect(e.details.field).toBe("rules.1.actions.0.config.percent");
    expect(badInput(() => compileRules([promo("a", []), promo("a", [])])).details.field).toBe("rules.1.id");
  });

  it("bad carts are rejected too", () => {
    const index = new PromotionRuleIndex(compileRules([promo("a", [])]));
    expect(badInput(() => evaluatePromotions(index, cart([line("A", -1, 1)]), ctx())).details.field).toBe("lines.0.unitPrice");
    expect(badInput(() => evaluatePromotions(index, cart([line("A", 100, 0)]), ctx())).details.field).toBe("lines.0.quantity");
    expect(badInput(() => evaluatePromotions(index, cart([line("A", 100, 1)], -5), ctx())).details.field).toBe("shippingAmount");
    expect(badInput(() => evaluatePromotions(index, cart([line("A", 100, 1)]), ctx({ now: Number.NaN }))).details.field).toBe("now");
  });
});
