import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { consume } from "../../shared/kernel/counter-window";

describe("counter windows (pure)", () => {
  it("counts within a window, refuses past the limit without counting, and resets on the next window", () => {
    let r = consume(null, { amount: 2, limit: 3, windowMs: 1000, nowMs: 10_000 });
    expect([r.allowed, r.count, r.remaining, r.resetAt]).toEqual([true, 2, 1, 11_000]);
    r = consume(r.state, { amount: 2, limit: 3, windowMs: 1000, nowMs: 10_500 });
    expect([r.allowed, r.count]).toEqual([false, 2]);
    r = consume(r.state, { amount: 1, limit: 3, windowMs: 1000, nowMs: 10_999 });
    expect([r.allowed, r.count, r.remaining]).toEqual([true, 3, 0]);
    r = consume(r.state, { amount: 1, limit: 3, windowMs: 1000, nowMs: 11_000 });
    expect([r.allowed, r.count, r.resetAt]).toEqual([true, 1, 12_000]);
  });
});

describe("UsageCounterObject", () => {
  it("never lets concurrent consumers exceed a cap", async () => {
    const stub = env.USAGE_COUNTER.get(env.USAGE_COUNTER.idFromName(`cap-${crypto.randomUUID()}`));
    const now = Date.now();
    const results = await Promise.all(
      Array.from({ length: 40 }, () => stub.consume("promo:SPRING", { amount: 1, limit: 10, windowMs: null, nowMs: now })),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(await stub.peek("promo:SPRING", now, null)).toBe(10);
    await stub.reset("promo:SPRING");
    expect(await stub.peek("promo:SPRING", now, null)).toBe(0);
  });
});
