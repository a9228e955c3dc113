/**
 * Rate strategies: how a method prices its packages. Registered by code with a zod config schema,
 * so a carrier API (UPS, FedEx…) plugs in later behind the same interface; the built-ins are pure.
 * All amounts are integer minor units of the method's currency; weights grams, lengths mm.
 */
import { z } from "zod";
import { badInput } from "../../kernel/errors";
import { parseInput } from "../../kernel/validation";

export interface RatePackage {
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  /** items + tare, grams */
  weightG: number;
}

export interface RateContext {
  /** goods subtotal of the shipment's order in minor units, when the caller knows it */
  subtotal: number | null;
}

export interface RateStrategy<C = unknown> {
  readonly code: string;
  readonly configSchema: z.ZodType<C>;
  /** Price of shipping `packages` (one per box, or one for the whole shipment in "order" mode). */
  price(packages: readonly RatePackage[], config: C, ctx: RateContext): number;
  /** Price of one more package, used by the packer to weigh box choices; null when not per package. */
  perPackage?(pkg: RatePackage, config: C): number;
  /** true when the price depends on the goods subtotal (the quote then prices the lines server-side) */
  readonly usesSubtotal?: boolean;
}

const minor = z.number().int().min(0);

const flatSchema = z.object({ amount: minor });
export const flatPerBox: RateStrategy<z.output<typeof flatSchema>> = {
  code: "flat_per_box",
  configSchema: flatSchema,
  price: (pkgs, c) => c.amount * pkgs.length,
  perPackage: (_p, c) => c.amount,
};

const tableSchema = z.object({
  /** actual: billed on weight; dimensional: on max(weight, L×W×H / divisor) */
  basis: z.enum(["actual", "dimensional"]).default("actual"),
  /** mm³ per gram for dimensional weight (5000 cm³/kg = 5000 mm³/g) */
  divisor: z.number().int().positive().default(5000),
  /** brackets by billed weight, ascending; the first with upToG >= weight applies */
  brackets: z.array(z.object({ upToG: z.number().int().positive(), amount: minor })).min(1),
  /** beyond the last bracket: price per started kilogram above it; absent = not shippable */
  perKgAbove: minor.optional(),
});
type TableConfig = z.output<typeof tableSchema>;

export function billedWeight(p: RatePackage, c: TableConfig): number {
  if (c.basis === "actual") return p.weightG;
  // integer grams; volumes in mm³ stay far below 2^53
  return Math.max(p.weightG, Math.ceil((p.lengthMm * p.widthMm * p.heightMm) / c.divisor));
}

function tablePrice(p: RatePackage, c: TableConfig): number {
  const w = billedWeight(p, c);
  for (const b of c.brackets) if (w <= b.upToG) return b.amount;
  const last = c.brackets[c.brackets.length - 1]!;
  if (c.perKgAbove === undefined) return Number.MAX_SAFE_INTEGER;
  return last.amount + Math.ceil((w - last.upToG) / 1000) * c.perKgAbove;
}

export const tableRate: RateStrategy<TableConfig> = {
  code: "table_rate",
  configSchema: tableSchema.refine((c) => c.brackets.every((b, i) => i === 0 || b.upToG > c.brackets[i - 1]!.upToG), {
    message: "brackets must be in ascending upToG order",
    path: ["brackets"],
  }),
  price: (pkgs, c) => pkgs.reduce((s, p) => s + tablePrice(p, c), 0),
  perPackage: tablePrice,
};

const freeOverSchema = z.object({ threshold: minor, amount: minor });
/** Free when the subtotal reaches the threshold; otherwise `amount` once per shipment. */
export const freeOver: RateStrategy<z.output<typeof freeOverSchema>> = {
  code: "free_over",
  configSchema: freeOverSchema,
  usesSubtotal: true,
  price: (_pkgs, c, ctx) => (ctx.subtotal !== null && ctx.subtotal >= c.threshold ? 0 : c.amount),
};

export class RateStrategyRegistry {
  private readonly byCode = new Map<string, RateStrategy<unknown>>();

  register<C>(s: RateStrategy<C>): this {
    this.byCode.set(s.code, s as RateStrategy<unknown>);
    return this;
  }

  get(code: string, field = "rateStrategy"): RateStrategy<unknown> {
    const s = this.byCode.get(code);
    if (!s) throw badInput(`Unknown rate strategy "${code}" (known: ${[...this.byCode.keys()].join(", ")})`, field);
    return s;
  }

  /** Validated config for `code`; BAD_USER_INPUT naming `field` otherwise. */
  parseConfig(code: string, config: unknown, field = "rateConfig"): Record<string, unknown> {
    return parseInput(this.get(code).configSchema, config, field) as Record<string, unknown>;
  }

  codes(): string[] {
    return [...this.byCode.keys()];
  }
}

export const defaultRateStrategies = (): RateStrategyRegistry =>
  new RateStrategyRegistry().register(flatPerBox).register(tableRate).register(freeOver);
