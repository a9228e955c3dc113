/**
 * Between the rule JSON an admin writes and the rows that store it: the rule's own JSON (without
 * its coupon codes, which are rows of promotion_coupons so thousands can be generated) plus the
 * columns queries filter on; and back to a compiled rule with its coupons.
 */
import { DomainError } from "../kernel/errors";
import type { PromotionRuleRow, PromotionCouponRow } from "./promotions.tables";
import { compileRule, type PromotionRule } from "./rule-schema";
import type { PromotionRegistries } from "./registry";

// A coupon rule may be created before its codes are generated; it is validated with this stand-in.
const PENDING_CODE = "PENDING-CODES";

export interface InlineCoupon {
  code: string;
  startsAt: Date | null;
  endsAt: Date | null;
  maxUses: number | null;
}

export interface PreparedRule {
  compiled: PromotionRule;
  /** what promotion_rules.rule stores */
  json: Record<string, unknown>;
  columns: { name: string; type: string; priority: number; channelCodes: string[]; startsAt: Date | null; endsAt: Date | null };
  coupons: InlineCoupon[];
}

function prefixed(e: unknown, prefix: string): never {
  if (e instanceof DomainError && typeof e.details.field === "string") {
    const field = e.details.field;
    throw new DomainError(e.code, e.message.split(field).join(`${prefix}.${field}`), { ...e.details, field: `${prefix}.${field}` });
  }
  throw e;
}

/** Validate a rule as written (errors name `rule.<path>`) and split it for storage. */
export function prepareRule(input: unknown, registries?: PromotionRegistries): PreparedRule {
  const raw = input && typeof input === "object" && !Array.isArray(input) ? (input as Record<string, unknown>) : null;
  if (!raw) throw new DomainError("BAD_USER_INPUT", "rule: must be a JSON object", { field: "rule" });
  const needsStandIn = raw.type === "coupon" && (!Array.isArray(raw.coupon_codes) || raw.coupon_codes.length === 0);
  let compiled: PromotionRule;
  try {
    compiled = compileRule(needsStandIn ? { ...raw, coupon_codes: [PENDING_CODE] } : raw, registries ? { registries, id: "new" } : { id: "new" });
  } catch (e) {
    prefixed(e, "rule");
  }
  const { coupon_codes: _codes, id: _id, ...json } = compiled.source;
  const coupons = needsStandIn
    ? []
    : compiled.coupons.map((c) => ({
        code: c.code,
        startsAt: c.startsAt !== undefined ? new Date(c.startsAt) : null,
        endsAt: c.endsAt !== undefined ? new Date(c.endsAt) : null,
        maxUses: c.maxUses ?? null,
      }));
  return {
    compiled,
    json: JSON.parse(JSON.stringify(json)) as Record<string, unknown>,
    columns: {
      name: compiled.name,
      type: compiled.type,
      priority: compiled.priority,
      channelCodes: compiled.channelCodes ?? [],
      startsAt: compiled.startsAt !== undefined ? new Date(compiled.startsAt) : null,
      endsAt: compiled.endsAt !== undefined ? new Date(compiled.endsAt) : null,
    },
    coupons,
  };
}

/**
 * The engine's rule for a stored row and its coupons; null for a coupon rule without any code
 * (it cannot apply). A single-use code allows one redemption.
 */
export function compileStoredRule(row: Pick<PromotionRuleRow, "id" | "rule" | "type">, coupons: readonly PromotionCouponRow[], registries?: PromotionRegistries): PromotionRule | null {
  if (row.type === "coupon" && coupons.length === 0) return null;
  const codes = coupons.map((c) => {
    const maxUses = c.singleUse ? 1 : (c.maxUses ?? undefined);
    return {
      code: c.code,
      ...(c.startsAt ? { starts_at: c.startsAt.getTime() } : {}),
      ...(c.endsAt ? { ends_at: c.endsAt.getTime() } : {}),
      ...(maxUses !== undefined ? { max_uses: maxUses } : {}),
    };
  });
  return compileRule({ ...row.rule, ...(row.type === "coupon" ? { coupon_codes: codes } : {}) }, registries ? { id: row.id, registries } : { id: row.id });
}
