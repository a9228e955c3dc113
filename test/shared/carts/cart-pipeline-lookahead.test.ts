import { describe, expect, it } from "vitest";
import { lookAheadRules, promotionsStep, type ActiveRulesProvider, type PipelineState } from "../../../shared/carts/cart-pipeline";

const state = (rules?: PipelineState["rules"]): PipelineState => ({
  lines: [],
  currency: "USD",
  prices: new Map(),
  promotionContext: { couponCodes: [], channelCode: "b2b", now: 1_000 },
  promotion: null,
  ...(rules ? { rules } : {}),
  shippingEstimate: null,
  warnings: [],
});

describe("looking the promotion rules up ahead of pricing", () => {
  it("starts the lookup at once and the promotions step awaits that same lookup, not a second one", async () => {
    const calls: [string, number][] = [];
    let release!: () => void;
    const provider: ActiveRulesProvider = {
      rulesFor: (channel, nowMs) => {
        calls.push([channel, nowMs]);
        return new Promise((r) => (release = () => r(null)));
      },
    };
    const ahead = lookAheadRules(provider, "b2b", 1_000);
    await Promise.resolve();
    expect(calls).toEqual([["b2b", 1_000]]);
    const run = promotionsStep(provider).run(state(ahead));
    release();
    await run;
    expect(calls).toHaveLength(1);
  });

  it("a failed lookup is reported where the step awaits it (and is not an unhandled rejection before)", async () => {
    const provider: ActiveRulesProvider = { rulesFor: () => Promise.reject(new Error("postgres down")) };
    const ahead = lookAheadRules(provider, "b2b", 1_000);
    await new Promise((r) => setTimeout(r, 5));
    await expect(promotionsStep(provider).run(state(ahead))).rejects.toThrow("postgres down");
  });

  it("without a look-ahead the step asks the provider itself", async () => {
    const calls: string[] = [];
    const provider: ActiveRulesProvider = { rulesFor: (c) => (calls.push(c), null) };
    await promotionsStep(provider).run(state());
    expect(calls).toEqual(["b2b"]);
  });
});
