import { describe, expect, it } from "vitest";
import { z } from "zod";
import { OperationRegistry, type ConfigurableOperation } from "../../../shared/kernel/configurable-operation";
import { DomainError } from "../../../shared/kernel/errors";
import {
  compileRule, createConditionRegistry, defaultRegistries, defineCondition, evaluatePromotions, PromotionRuleIndex,
} from "../../../shared/promotions";

interface Greeter<C = unknown> extends ConfigurableOperation<C> {
  greet(config: C, who: string): string;
}

const hello: Greeter<{ greeting: string; times: number }> = {
  code: "hello",
  description: "Greets",
  schema: z.object({ greeting: z.string().min(1), times: z.number().int().positive().default(1) }).strict(),
  greet: (c, who) => `${c.greeting} ${who}`.repeat(c.times),
};

describe("OperationRegistry", () => {
  const reg = () => new OperationRegistry<Greeter>("greeter").register(hello as Greeter);

  it("validates a config and applies defaults", () => {
    const { op, config } = reg().parseConfig("hello", { greeting: "hi" });
    expect(config).toEqual({ greeting: "hi", times: 1 });
    expect(op.greet(config, "bob")).toBe("hi bob");
  });

  it("names the field on a bad config and on an unknown code", () => {
    const r = reg();
    expect(() => r.parseConfig("hello", { greeting: "" }, "ops.2.config")).toThrowError(expect.objectContaining({ code: "BAD_USER_INPUT", details: expect.objectContaining({ field: "ops.2.config.greeting" }) }));
    try {
      r.require("bye", "ops.0.type");
      throw new Error("unreachable");
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).details).toMatchObject({ field: "ops.0.type", known: ["hello"] });
    }
  });

  it("rejects duplicate and badly named codes", () => {
    expect(() => reg().register(hello as Greeter)).toThrowError(expect.objectContaining({ code: "CONFLICT" }));
    expect(() => reg().register({ ...(hello as Greeter), code: "Bad Code" })).toThrowError(expect.objectContaining({ code: "BAD_USER_INPUT" }));
  });

  it("lists codes with the JSON schema of their input config", () => {
    const [d] = reg().list();
    expect(d).toMatchObject({ code: "hello", description: "Greets" });
    expect(d!.configSchema).toMatchObject({ type: "object", required: ["greeting"], properties: { greeting: { type: "string" }, times: { type: "integer" } } });
  });

  it("the promotion registries publish numeric-or-string ids for the admin UI", () => {
    const cat = defaultRegistries.conditions.list().find((d) => d.code === "product_in_category")!;
    const items = (cat.configSchema.properties as Record<string, { items: { anyOf: Array<{ type: string }> } }>).category_ids!.items;
    expect(items.anyOf.map((a) => a.type).sort()).toEqual(["integer", "string"]);
    expect(defaultRegistries.actions.list().map((d) => d.code)).toContain("buy_x_get_y");
  });

  it("a third party can register a promotion condition and rules can use it", () => {
    const conditions = createConditionRegistry().register(
      defineCondition({
        code: "cart_has_even_lines",
        description: "The cart has an even number of lines",
        schema: z.object({ even: z.boolean().default(true) }).strict(),
        evaluate: (c, cart) => (cart.lines.length % 2 === 0) === c.even,
      }),
    );
    const registries = { conditions, actions: defaultRegistries.actions };
    const rule = compileRule({ id: 1, name: "even", conditions: [{ type: "cart_has_even_lines" }], actions: [{ type: "percent_off", config: { percent: 10 } }] }, { registries });
    const index = new PromotionRuleIndex([rule]);
    const line = (sku: string) => ({ variantId: sku, productId: sku, sku, quantity: 1, unitPrice: 1_000 });
    const now = Date.UTC(2026, 0, 1);
    expect(evaluatePromotions(index, { currency: "USD", lines: [line("a"), line("b")] }, { channelCode: "x", now }).totalDiscount).toBe(200);
    expect(evaluatePromotions(index, { currency: "USD", lines: [line("a")] }, { channelCode: "x", now }).totalDiscount).toBe(0);
    // the default registry does not know it
    expect(() => compileRule({ name: "even", conditions: [{ type: "cart_has_even_lines" }], actions: [{ type: "percent_off", config: { percent: 10 } }] })).toThrowError(/Unknown condition type/);
  });
});
