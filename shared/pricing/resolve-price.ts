/**
 * The default five-level price resolution. Top to bottom, first match wins:
 *   1 managed price → 2 location price → 3 account price → 4 customer-group price → 5 price list.
 *
 * What "a level matches" means (at a quantity Q, target currency T, channel base B, instant now):
 *   the level has a rule for the variant, in this channel, active at now (validFrom ≤ now < validTo),
 *   in currency T — or in B when T ≠ B — with a tier whose minQty ≤ Q. A rule whose first tier
 *   starts above Q does not match at Q; the next level is tried. Rules in any other currency are
 *   ignored (only base-currency prices are converted).
 *
 * Currency, at every level separately: a direct rule in T wins over a base-currency rule of the
 * same level (even a cheaper one or one of a higher-priority list); only when the level has no
 * direct rule is its base-currency rule converted with the stored B→T rate, rounded in T's
 * exponent. A level never loses to a lower one because of currency: if the level only has a base
 * rule and no rate is stored, the line is Unpriced with NO_EXCHANGE_RATE (see types.ts).
 *
 * Within a level:
 *   - overrides of one scope: the rule that started most recently wins, then lowest id;
 *   - customer groups: each of the buyer's groups is priced on its own (direct, else converted),
 *     then the BEST group wins = lowest unit price in T at Q after tier selection. Ties: a direct
 *     price beats a converted one, then lowest group id, then lowest override id (stable, never
 *     dependent on input order). Groups that only need a missing rate are skipped when another
 *     group prices the line; NO_EXCHANGE_RATE only when none does;
 *   - price lists: highest priority wins, ties by lowest price list id.
 */
import { DomainError } from "../kernel/errors";
import type { CurrencyCode } from "../kernel/money";
import { overridesFor, rateKey, type Converter, type IndexedListEntry, type IndexedOverride, type PriceIndex } from "./price-index";
import { isActiveAt, selectTier } from "./tiers";
import { LEVEL_RANK, type PriceLevel, type PriceResolution, type PriceSource, type PriceTier, type PricingContext } from "./types";

/** A level's answer before it is wrapped into a PriceResolution. */
export type LevelOutcome =
  | { readonly kind: "none" }
  | { readonly kind: "no_rate" }
  | {
      readonly kind: "price";
      readonly unitPrice: number;
      readonly tier: PriceTier;
      readonly sourceCurrency: CurrencyCode;
      readonly converter: Converter | null;
      readonly id: string;
      readonly scopeId: string | null;
    };

const NONE: LevelOutcome = { kind: "none" };
const NO_RATE: LevelOutcome = { kind: "no_rate" };

/** The conversion context of one call: target, base, and the base→target converter if any. */
export interface CurrencyPlan {
  readonly target: CurrencyCode;
  readonly base: CurrencyCode;
  /** undefined when target = base (nothing to convert) or when no rate is stored */
  readonly converter: Converter | undefined;
}

export function currencyPlan(index: PriceIndex, context: PricingContext): CurrencyPlan {
  if (context.channelId !== index.channel.channelId) {
    throw new Error(`pricing: context channel ${context.channelId} does not match snapshot channel ${index.channel.channelId}`);
  }
  const target = context.currency;
  if (!index.supported.has(target)) {
    throw new DomainError("BAD_USER_INPUT", `Currency ${target} is not supported by this channel`, { field: "currency" });
  }
  const base = index.channel.baseCurrency;
  return { target, base, converter: target === base ? undefined : index.converters.get(rateKey(base, target)) };
}

function finishOutcome(
  direct: { id: string; scopeId: string | null; tier: PriceTier } | undefined,
  viaBase: { id: string; scopeId: string | null; tier: PriceTier } | undefined,
  plan: CurrencyPlan,
): LevelOutcome {
  if (direct) {
    return { kind: "price", unitPrice: direct.tier.unitPrice, sourceCurrency: plan.target, converter: null, ...direct };
  }
  if (!viaBase) return NONE;
  if (!plan.converter) return NO_RATE;
  return {
    kind: "price",
    unitPrice: plan.converter.convert(viaBase.tier.unitPrice),
    tier: viaBase.tier,
    sourceCurrency: plan.base,
    converter: plan.converter,
    id: viaBase.id,
    scopeId: viaBase.scopeId,
  };
}

/** Levels 1–3 and one group of level 4: the rules of one (level, scope, variant). */
export function overrideOutcome(rules: readonly IndexedOverride[] | undefined, quantity: number, nowMs: number, plan: CurrencyPlan): LevelOutcome {
  if (!rules) return NONE;
  let direct: { id: string; scopeId: string | null; tier: PriceTier } | undefined;
  let viaBase: { id: string; scopeId: string | null; tier: PriceTier } | undefined;
  for (const r of rules) {
    if (!isActiveAt(r.fromMs, r.toMs, nowMs)) continue;
    const isDirect = r.currency === plan.target;
    if (!isDirect && (r.currency !== plan.base || viaBase)) continue;
    const tier = selectTier(r.tiers, quantity);
    if (!tier) continue;
    if (isDirect) {
      direct = { id: r.id, scopeId: r.scopeId, tier };
      break;
    }
    viaBase = { id: r.id, scopeId: r.scopeId, tier };
  }
  return finishOutcome(direct, viaBase, plan);
}

/** Level 5: the variant's price list entries, already ordered by priority desc then list id. */
export function listOutcome(entries: readonly IndexedListEntry[] | undefined, quantity: number, nowMs: number, plan: CurrencyPlan): LevelOutcome {
  if (!entries) return NONE;
  let direct: { id: string; scopeId: null; tier: PriceTier } | undefined;
  let viaBase: { id: string; scopeId: null; tier: PriceTier } | undefined;
  for (const e of entries) {
    const isDirect = e.currency === plan.target;
    if (!isDirect && (e.currency !== plan.base || viaBase)) continue;
    if (!isActiveAt(e.fromMs, e.toMs, nowMs)) continue;
    const tier = selectTier(e.tiers, quantity);
    if (!tier) continue;
    if (isDirect) {
      direct = { id: e.priceListId, scopeId: null, tier };
      break;
    }
    viaBase = { id: e.priceListId, scopeId: null, tier };
  }
  return finishOutcome(direct, viaBase, plan);
}

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Level 4: best price across all the buyer's groups (rule in the module comment). */
export function groupOutcome(index: PriceIndex, groupIds: readonly string[], variantId: string, quantity: number, nowMs: number, plan: CurrencyPlan): LevelOutcome {
  let best: Extract<LevelOutcome, { kind: "price" }> | undefined;
  let sawNoRate = false;
  for (const g of groupIds) {
    const o = overrideOutcome(overridesFor(index, variantId, "group", g), quantity, nowMs, plan);
    if (o.kind === "no_rate") sawNoRate = true;
    if (o.kind !== "price") continue;
    if (!best || better(o, best)) best = o;
  }
  return best ?? (sawNoRate ? NO_RATE : NONE);
}

function better(a: Extract<LevelOutcome, { kind: "price" }>, b: Extract<LevelOutcome, { kind: "price" }>): boolean {
  if (a.unitPrice !== b.unitPrice) return a.unitPrice < b.unitPrice;
  const aDirect = a.converter === null;
  const bDirect = b.converter === null;
  if (aDirect !== bDirect) return aDirect;
  const byScope = cmpStr(a.scopeId ?? "", b.scopeId ?? "");
  if (byScope !== 0) return byScope < 0;
  return cmpStr(a.id, b.id) < 0;
}

/** The outcome of one level for a variant in a context; shared by strategies and the explainers. */
export function levelOutcome(level: PriceLevel, index: PriceIndex, context: PricingContext, variantId: string, quantity: number, nowMs: number, plan: CurrencyPlan): LevelOutcome {
  switch (level) {
    case "managed":
      return overrideOutcome(overridesFor(index, variantId, "managed", null), quantity, nowMs, plan);
    case "location":
    case "account": {
      const scope = level === "location" ? context.locationId : context.accountId;
      if (!scope) return NONE;
      return overrideOutcome(overridesFor(index, variantId, level, scope), quantity, nowMs, plan);
    }
    case "group":
      return context.groupIds && context.groupIds.length > 0 ? groupOutcome(index, context.groupIds, variantId, quantity, nowMs, plan) : NONE;
    case "default":
      return listOutcome(index.listEntries.get(variantId), quantity, nowMs, plan);
  }
}

export function assertQuantity(quantity: number, field = "quantity"): void {
  if (!Number.isSafeInteger(quantity) || quantity < 1) {
    throw new DomainError("BAD_USER_INPUT", `${field} must be a whole number of at least 1, got ${quantity}`, { field });
  }
}

/** Wrap a level outcome into the public result. */
export function toResolution(level: PriceLevel, outcome: LevelOutcome, variantId: string, quantity: number, plan: CurrencyPlan): PriceResolution {
  if (outcome.kind === "none") return { ok: false, variantId, quantity, currency: plan.target, reason: "NO_PRICE" };
  if (outcome.kind === "no_rate") return { ok: false, variantId, quantity, currency: plan.target, reason: "NO_EXCHANGE_RATE", level };
  const lineTotal = outcome.unitPrice * quantity;
  if (!Number.isSafeInteger(lineTotal)) {
    throw new DomainError("BAD_USER_INPUT", `Line total for ${variantId} is too large`, { field: "quantity" });
  }
  const source: PriceSource = {
    level,
    rank: LEVEL_RANK[level],
    priceListId: level === "default" ? outcome.id : null,
    overrideId: level === "default" ? null : outcome.id,
    scopeId: outcome.scopeId,
    tierMinQty: outcome.tier.minQty,
    method: outcome.converter ? "converted" : "direct",
    rate: outcome.converter?.rate ?? null,
    rateUpdatedAt: outcome.converter?.updatedAt ?? null,
    sourceCurrency: outcome.sourceCurrency,
    sourceUnitPrice: outcome.tier.unitPrice,
  };
  return { ok: true, variantId, quantity, currency: plan.target, unitPrice: outcome.unitPrice, lineTotal, source };
}

/**
 * Resolve through an ordered list of levels: the first level whose outcome is not "none" decides
 * (a price, or NO_EXCHANGE_RATE). The default strategy passes all five levels in rank order.
 */
export function resolveThroughLevels(levels: readonly PriceLevel[], variantId: string, quantity: number, context: PricingContext, index: PriceIndex, nowMs: number, plan: CurrencyPlan): PriceResolution {
  for (const level of levels) {
    const o = levelOutcome(level, index, context, variantId, quantity, nowMs, plan);
    if (o.kind !== "none") return toResolution(level, o, variantId, quantity, plan);
  }
  return { ok: false, variantId, quantity, currency: plan.target, reason: "NO_PRICE" };
}
