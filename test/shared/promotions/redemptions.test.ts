import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { compileRule, readUsage, releaseRedemptions, reserveRedemptions, usageCounterRedemptions } from "../../../shared/promotions";

const NOW = Date.UTC(2026, 5, 15, 14, 0);
const counters = () => usageCounterRedemptions(env.USAGE_COUNTER);
const rule = (limits: Record<string, number>, extra: Record<string, unknown> = {}) =>
  compileRule({ id: crypto.randomUUID(), name: "capped", usage_limits: limits, actions: [{ type: "percent_off", config: { percent: 5 } }], ...extra });

describe("reserveRedemptions over the USAGE_COUNTER object", () => {
  it("grants exactly 10 of 50 concurrent checkouts against a total cap of 10", async () => {
    const r = rule({ total: 10 });
    const c = counters();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => reserveRedemptions(c, [{ rule: r }], { customerId: `c${i}` }, NOW)),
    );
    const granted = results.filter((x) => x.ok);
    expect(granted).toHaveLength(10);
    expect(results.filter((x) => !x.ok).every((x) => !x.ok && x.cap === "total" && x.ruleId === r.id)).toBe(true);
    expect(await readUsage(c, r, {}, NOW)).toEqual({ total: 10 });
  });

  it("takes all counters of a checkout or none: a refused per-customer cap gives the total back", async () => {
    const r = rule({ total: 100, per_customer: 1, daily: 50 });
    const c = counters();
    const first = await reserveRedemptions(c, [{ rule: r }], { customerId: "alice" }, NOW);
    expect(first.ok).toBe(true);
    const again = await reserveRedemptions(c, [{ rule: r }], { customerId: "alice" }, NOW);
    expect(again).toEqual({ ok: false, ruleId: r.id, cap: "per_customer" });
    expect(await readUsage(c, r, { customerId: "alice" }, NOW)).toEqual({ total: 1, today: 1, customer: 1 });
    // another customer may, and the next UTC day has its own daily counter
    expect((await reserveRedemptions(c, [{ rule: r }], { customerId: "bob" }, NOW + 86_400_000)).ok).toBe(true);
    expect(await readUsage(c, r, { customerId: "bob" }, NOW)).toEqual({ total: 2, today: 1, customer: 1 });
  });

  it("a single-use coupon is granted once under concurrency and again after release (cancellation)", async () => {
    const code = `ONCE-${crypto.randomUUID().slice(0, 8)}`.toUpperCase();
    const r = rule({}, { type: "coupon", coupon_codes: [{ code, max_uses: 1 }] });
    const c = counters();
    const results = await Promise.all(Array.from({ length: 8 }, () => reserveRedemptions(c, [{ rule: r, couponCode: code }], {}, NOW)));
    const ok = results.filter((x) => x.ok);
    expect(ok).toHaveLength(1);
    expect(results.find((x) => !x.ok)).toMatchObject({ cap: "coupon", couponCode: code });
    await releaseRedemptions(c, (ok[0] as Extract<(typeof ok)[0], { ok: true }>).reservation, NOW);
    expect(await c.peek(`coupon:${code}`, NOW)).toBe(0);
    expect(await c.peek(`promo:${r.id}:total`, NOW)).toBe(0);
    expect((await reserveRedemptions(c, [{ rule: r, couponCode: code }], {}, NOW)).ok).toBe(true);
  });

  it("several rules in one checkout: the second rule's cap refuses and the first rule's counters are released", async () => {
    const a = rule({ total: 5 });
    const b = rule({ total: 1 });
    const c = counters();
    expect((await reserveRedemptions(c, [{ rule: b }], {}, NOW)).ok).toBe(true);
    expect(await reserveRedemptions(c, [{ rule: a }, { rule: b }], {}, NOW)).toEqual({ ok: false, ruleId: b.id, cap: "total" });
    expect(await c.peek(`promo:${a.id}:total`, NOW)).toBe(0);
  });
});
