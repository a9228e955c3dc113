/**
 * Rules bucketed by the key their conditions require (coupon, SKU, category, group, channel…),
 * so a cart visits only the buckets of keys it holds. A rule requiring "one of keys K" lands in
 * the bucket of each key of K; a rule with no required key lands in `always`.
 * Soundness: a rule outside the candidates lacks every key of its requirement, and its
 * requirement is implied by its checks (an "all" child, every branch of an "any", coupon,
 * channel scope or visibility), so it cannot pass them.
 */
import { hasKey, INDEX_KEY_KINDS, type CartIndex, type IndexKey, type IndexKeyKind, type LineKeyKind, type LineKeyUniverse } from "./cart-index";
import type { ConditionNode } from "./condition-tree";
import { compareRules, type PromotionRule } from "./rule-schema";

const LINE_KINDS: ReadonlySet<string> = new Set<LineKeyKind>(["sku", "variant", "product", "brand", "category", "collection"]);

/** Every line key a rule's conditions and actions declare (see KeyTable's universe). */
function collectKeys(node: ConditionNode, out: IndexKey[]): void {
  if (node.kind === "op") {
    for (const k of node.def.lineKeys?.(node.config) ?? []) out.push(k);
    for (const k of node.def.indexKeys?.(node.config) ?? []) out.push(k);
  } else if (node.kind === "not") collectKeys(node.child, out);
  else for (const c of node.children) collectKeys(c, out);
}

const ascending = (a: number, b: number) => a - b;

export class PromotionRuleIndex {
  /** all rules in rule order (priority desc, id asc); ordinals index this array */
  readonly rules: readonly PromotionRule[];
  /** per key kind: value → ordinals of the rules requiring it */
  private readonly buckets = new Map<IndexKeyKind, Map<string, number[]>>();
  private readonly always: number[] = [];
  /** trait requirements: few in practice, checked one by one against the cart */
  private readonly traitBuckets = new Map<string, { key: IndexKey; ordinals: number[] }>();
  /** every coupon code of every rule (normalized) */
  readonly couponCodes: ReadonlySet<string>;
  /** normalized coupon code → the rules it unlocks */
  private readonly byCoupon = new Map<string, PromotionRule[]>();
  /** line key values the rules mention: the cart's key tables need record nothing else */
  readonly universe: LineKeyUniverse;
  /** candidates(): stamp[o] === generation marks ordinal o as taken (no per-call allocation) */
  private readonly stamp: Uint32Array;
  private generation = 0;

  constructor(rules: readonly PromotionRule[]) {
    this.rules = [...rules].sort(compareRules);
    const codes = new Set<string>();
    this.rules.forEach((rule, ordinal) => {
      for (const c of rule.coupons) {
        codes.add(c.code);
        const list = this.byCoupon.get(c.code);
        if (list) list.push(rule);
        else this.byCoupon.set(c.code, [rule]);
      }
      if (!rule.requirement) {
        this.always.push(ordinal);
        return;
      }
      for (const key of rule.requirement.keys) {
        if (key.kind === "trait") {
          const id = `${key.trait}\u0000${key.value}`;
          const b = this.traitBuckets.get(id);
          if (!b) this.traitBuckets.set(id, { key, ordinals: [ordinal] });
          else if (b.ordinals[b.ordinals.length - 1] !== ordinal) b.ordinals.push(ordinal);
          continue;
        }
        let table = this.buckets.get(key.kind);
        if (!table) this.buckets.set(key.kind, (table = new Map()));
        const b = table.get(key.value);
        if (!b) table.set(key.value, [ordinal]);
        else if (b[b.length - 1] !== ordinal) b.push(ordinal);
      }
    });
    this.couponCodes = codes;
    this.stamp = new Uint32Array(this.rules.length);
    const kinds = new Map<LineKeyKind, Set<string>>();
    const traits = new Map<string, Set<string>>();
    const keys: IndexKey[] = [];
    for (const rule of this.rules) {
      collectKeys(rule.condition, keys);
      for (const a of rule.actions) for (const k of a.def.readKeys?.(a.config) ?? []) keys.push(k);
    }
    for (const k of keys) {
      if (k.kind === "trait") {
        const name = k.trait ?? "";
        let set = traits.get(name);
        if (!set) traits.set(name, (set = new Set()));
        set.add(k.value);
      } else if (LINE_KINDS.has(k.kind)) {
        const kind = k.kind as LineKeyKind;
        let set = kinds.get(kind);
        if (!set) kinds.set(kind, (set = new Set()));
        set.add(k.value);
      }
    }
    this.universe = { kinds, traits };
  }

  rulesWithCoupon(normalizedCode: string): readonly PromotionRule[] {
    return this.byCoupon.get(normalizedCode) ?? [];
  }

  get bucketCount(): number {
    let n = 0;
    for (const t of this.buckets.values()) n += t.size;
    return n;
  }

  /** Ordinals of the rules that may apply to this cart, ascending. */
  candidates(cart: CartIndex): number[] {
    if (++this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
    const out: number[] = [];
    this.take(this.always, out);
    for (const { key, ordinals } of this.traitBuckets.values()) if (hasKey(cart, key)) this.take(ordinals, out);
    for (let k = 0; k < INDEX_KEY_KINDS.length; k++) {
      const kind = INDEX_KEY_KINDS[k]!;
      if (kind === "trait") continue;
      const rules = this.buckets.get(kind);
      if (!rules) continue;
      const held = cart.tables[kind];
      // walk the smaller side of the join
      if (held.size <= rules.size) {
        for (const value of held.values()) this.take(rules.get(value), out);
      } else {
        for (const [value, list] of rules) if (held.has(value)) this.take(list, out);
      }
    }
    return out.sort(ascending);
  }

  private take(list: readonly number[] | undefined, out: number[]): void {
    if (!list) return;
    const gen = this.generation;
    const stamp = this.stamp;
    for (let k = 0; k < list.length; k++) {
      const o = list[k]!;
      if (stamp[o] !== gen) {
        stamp[o] = gen;
        out.push(o);
      }
    }
  }
}
