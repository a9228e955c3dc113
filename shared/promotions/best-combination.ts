/**
 * Chooses which eligible rules to apply together so the buyer saves the most.
 *
 * Feasible sets: an `exclusive` rule only alone; a `coupon_only` rule only with coupon rules;
 * at most one member of each mutually-exclusive list; no more members than the smallest
 * max_per_cart among them (and the engine-wide maxPromotionsPerCart).
 *
 * The search relies on the action contract in operations.ts, under which (a) adding a rule to a
 * set never lowers the saving, and (b) saving(S ∪ X) ≤ saving(S) + Σ_{x∈X} standalone(x).
 *  - Worlds: the best set is either one exclusive rule alone, or a set of stackable rules
 *    (world A), or a set holding coupon_only rules, whose other members are coupon rules (world B).
 *  - Forced members: in a world without size limits, a rule compatible with every other rule of
 *    the world is in some optimal set by (a), so it is included without branching.
 *  - The remaining ("contested") rules are searched depth-first, include before exclude, in
 *    order of standalone saving (then rule order). Bound at a node = actual saving of the members
 *    + the k largest standalone savings among the remaining rules compatible with the members,
 *    k = free slots under max_per_cart (all of them when unlimited). By (b) no set below the node
 *    saves more, so cutting when bound ≤ best loses at most a tie.
 *  - Sets with size limits: for each rule M carrying max_per_cart, the sets containing M (and no
 *    earlier such rule) are searched with M fixed; the sets without any are searched with frees.
 * Ties keep the first set found (world A, then B, then exclusives), so the result is
 * deterministic. `maxEvaluations` caps the number of sets applied to the cart; when it is hit the
 * best set found is returned and `exhaustive` is false.
 */
import { applyCombination, type Candidate } from "./apply-rules";
import type { CartIndex } from "./cart-index";

export interface ScoredCandidate extends Candidate {
  /** saving when applied alone */
  standalone: number;
}

export interface SearchOptions {
  maxPromotionsPerCart?: number;
  /** sets applied to the cart before giving up on proving optimality (default 2000) */
  maxEvaluations?: number;
}

export interface SearchResult {
  chosen: Candidate[];
  saving: number;
  perRule: number[];
  exhaustive: boolean;
  /** combinations applied to the cart during the search */
  evaluations: number;
}

export type Conflict =
  | { kind: "exclusive"; by: string }
  | { kind: "coupon_only"; by: string }
  | { kind: "list"; by: string; list: string }
  | { kind: "max_per_cart"; by: string };

function sizeLimit(members: readonly Candidate[], globalMax: number): { limit: number; by: string } {
  let limit = globalMax;
  let by = "engine";
  for (const m of members) {
    if (m.rule.maxPerCart !== undefined && m.rule.maxPerCart < limit) {
      limit = m.rule.maxPerCart;
      by = m.rule.id;
    }
  }
  return { limit, by };
}

/** Why `c` cannot join `members` (null when it can). For explanations; the search uses MemberSet. */
export function conflictWith(members: readonly Candidate[], c: Candidate, globalMax = Number.MAX_SAFE_INTEGER): Conflict | null {
  const r = c.rule;
  for (const m of members) {
    const mr = m.rule;
    if (mr.stacking === "exclusive") return { kind: "exclusive", by: mr.id };
    if (r.stacking === "exclusive") return { kind: "exclusive", by: r.id };
    if (mr.stacking === "coupon_only" && r.type !== "coupon") return { kind: "coupon_only", by: mr.id };
    if (r.stacking === "coupon_only" && mr.type !== "coupon") return { kind: "coupon_only", by: mr.id };
    for (const l of r.exclusiveLists) if (mr.exclusiveLists.includes(l)) return { kind: "list", by: mr.id, list: l };
  }
  let { limit, by } = sizeLimit(members, globalMax);
  if (r.maxPerCart !== undefined && r.maxPerCart < limit) {
    limit = r.maxPerCart;
    by = r.id;
  }
  return members.length + 1 > limit ? { kind: "max_per_cart", by } : null;
}

/** The members of the set being searched, with the counters that make a conflict check O(lists). */
class MemberSet {
  readonly items: ScoredCandidate[] = [];
  private exclusive = 0;
  private automatic = 0;
  private couponOnly = 0;
  private readonly lists = new Map<string, number>();
  private readonly limits: number[] = [];
  standaloneSum = 0;

  constructor(private readonly globalMax: number) {}

  get limit(): number {
    return this.limits.length > 0 ? this.limits[this.limits.length - 1]! : this.globalMax;
  }

  fits(c: ScoredCandidate): boolean {
    const r = c.rule;
    const n = this.items.length;
    if (n > 0 && (this.exclusive > 0 || r.stacking === "exclusive")) return false;
    if (this.couponOnly > 0 && r.type !== "coupon") return false;
    if (r.stacking === "coupon_only" && this.automatic > 0) return false;
    for (const l of r.exclusiveLists) if (this.lists.has(l)) return false;
    return n + 1 <= Math.min(this.limit, r.maxPerCart ?? this.globalMax);
  }

  push(c: ScoredCandidate): void {
    const r = c.rule;
    this.items.push(c);
    this.standaloneSum += c.standalone;
    if (r.stacking === "exclusive") this.exclusive++;
    if (r.stacking === "coupon_only") this.couponOnly++;
    if (r.type !== "coupon") this.automatic++;
    for (const l of r.exclusiveLists) this.lists.set(l, (this.lists.get(l) ?? 0) + 1);
    this.limits.push(Math.min(this.limit, r.maxPerCart ?? this.globalMax));
  }

  pop(): void {
    const c = this.items.pop()!;
    const r = c.rule;
    this.standaloneSum -= c.standalone;
    if (r.stacking === "exclusive") this.exclusive--;
    if (r.stacking === "coupon_only") this.couponOnly--;
    if (r.type !== "coupon") this.automatic--;
    for (const l of r.exclusiveLists) {
      const k = this.lists.get(l)! - 1;
      if (k === 0) this.lists.delete(l);
      else this.lists.set(l, k);
    }
    this.limits.pop();
  }
}

const byValue = (a: ScoredCandidate, b: ScoredCandidate) => b.standalone - a.standalone || a.ordinal - b.ordinal;

export function bestCombination(cands: readonly ScoredCandidate[], cart: CartIndex, opts: SearchOptions = {}): SearchResult {
  const globalMax = opts.maxPromotionsPerCart ?? Number.MAX_SAFE_INTEGER;
  const budget = opts.maxEvaluations ?? 2000;
  let evaluations = 0;
  let exhausted = false;
  let best: SearchResult = { chosen: [], saving: 0, perRule: [], exhaustive: true, evaluations: 0 };

  const evaluate = (members: readonly ScoredCandidate[]): { saving: number; perRule: number[]; set: Candidate[] } => {
    const set = [...members].sort((a, b) => a.ordinal - b.ordinal);
    if (set.length === 1) return { saving: set[0]!.standalone, perRule: [set[0]!.standalone], set };
    evaluations++;
    if (evaluations >= budget) exhausted = true;
    return { ...applyCombination(set, cart), set };
  };
  const consider = (e: { saving: number; perRule: number[]; set: Candidate[] }) => {
    if (e.saving > best.saving) best = { chosen: e.set, saving: e.saving, perRule: e.perRule, exhaustive: true, evaluations: 0 };
  };

  /** Depth-first branch and bound over `contested`, starting from `base` (already feasible). */
  const search = (base: ScoredCandidate[], contested: ScoredCandidate[]) => {
    const members = new MemberSet(globalMax);
    for (const b of base) members.push(b);
    const visit = (i: number, cur: number) => {
      if (i === contested.length || exhausted) return;
      let slots = members.limit - members.items.length;
      let bound = cur;
      for (let j = i; j < contested.length && slots > 0; j++) {
        if (members.fits(contested[j]!)) {
          bound += contested[j]!.standalone;
          slots--;
        }
      }
      if (bound <= best.saving) return;
      const c = contested[i]!;
      if (members.fits(c)) {
        members.push(c);
        const e = evaluate(members.items);
        consider(e);
        visit(i + 1, e.saving);
        members.pop();
      }
      visit(i + 1, cur);
    };
    let cur = 0;
    if (members.items.length > 0) {
      const e = evaluate(members.items);
      consider(e);
      cur = e.saving;
    }
    visit(0, cur);
  };

  /** Split a world's pool into forced members and contested rules (see header). */
  const searchUnlimited = (pool: ScoredCandidate[]) => {
    const listCount = new Map<string, number>();
    let automatic = 0;
    let couponOnly = 0;
    for (const c of pool) {
      for (const l of c.rule.exclusiveLists) listCount.set(l, (listCount.get(l) ?? 0) + 1);
      if (c.rule.type !== "coupon") automatic++;
      if (c.rule.stacking === "coupon_only") couponOnly++;
    }
    const free = (c: ScoredCandidate) => {
      const self = c.rule;
      if (self.exclusiveLists.some((l) => listCount.get(l)! > 1)) return false;
      if (self.stacking === "coupon_only" && automatic - (self.type !== "coupon" ? 1 : 0) > 0) return false;
      if (self.type !== "coupon" && couponOnly - (self.stacking === "coupon_only" ? 1 : 0) > 0) return false;
      return true;
    };
    const forced = pool.filter(free);
    search(forced, pool.filter((c) => !free(c)));
  };

  const searchWorld = (pool: ScoredCandidate[]) => {
    if (pool.length === 0) return;
    if (globalMax !== Number.MAX_SAFE_INTEGER) return search([], pool);
    const limited = pool.filter((c) => c.rule.maxPerCart !== undefined);
    searchUnlimited(pool.filter((c) => c.rule.maxPerCart === undefined));
    limited.forEach((m, k) => {
      const earlier = new Set(limited.slice(0, k));
      search([m], pool.filter((c) => c !== m && !earlier.has(c)));
    });
  };

  const sorted = [...cands].sort(byValue);
  searchWorld(sorted.filter((c) => c.rule.stacking === "stackable"));
  if (sorted.some((c) => c.rule.stacking === "coupon_only")) {
    searchWorld(sorted.filter((c) => c.rule.stacking !== "exclusive" && (c.rule.type === "coupon" || c.rule.stacking === "coupon_only")));
  }
  for (const c of sorted) {
    if (c.rule.stacking === "exclusive" && (c.rule.maxPerCart ?? 1) >= 1 && globalMax >= 1) consider(evaluate([c]));
  }
  return { ...best, exhaustive: !exhausted, evaluations };
}
