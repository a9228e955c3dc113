/**
 * The active rules, compiled and indexed once per isolate and promotions version, so a cart change
 * costs no SQL for promotions in the common case.
 *
 * Staleness bound: the version (one row, bumped in the transaction of every rule/coupon change) is
 * re-read at most every RECHECK_MS per isolate, so a committed change reaches every cart within
 * RECHECK_MS (+ the reload itself); the `promotions.changed` event clears the cache of the isolate
 * that consumes it at once, and the admin service clears its own isolate's cache on commit.
 * Cost: 1 statement per isolate per RECHECK_MS (version), 3 when the version moved (version, rules,
 * coupons), 0 otherwise.
 */
import type { Db } from "../kernel/db";
import { loadActiveCoupons, loadActiveRuleRows, readVersion } from "./promotions.repository";
import type { PromotionCouponRow } from "./promotions.tables";
import { PromotionRuleIndex } from "./rule-index";
import type { PromotionRule } from "./rule-schema";
import { compileStoredRule } from "./stored-rules";

export const RECHECK_MS = 5_000;

export interface RulesSource {
  version(): Promise<number>;
  load(nowMs: number): Promise<{ version: number; rules: PromotionRule[] }>;
}

interface Entry {
  version: number;
  checkedAt: number;
  rules: PromotionRule[];
  perChannel: Map<string, PromotionRuleIndex>;
}

let entry: Entry | null = null;
let inflight: Promise<Entry> | null = null;
let loads = 0;
let generation = 0;

/** Drop this isolate's cached rules (promotions.changed, admin writes, tests). */
export function clearActiveRulesCache(): void {
  entry = null;
  generation++;
}

/** Full loads done by this isolate (tests and benchmarks check the cache works). */
export function activeRulesLoads(): number {
  return loads;
}

/** Rules stored in Postgres; `open` gives a handle per use (a Durable Object has no request handle). */
export function postgresRulesSource(open: () => { db: Db; close(): Promise<void> }): RulesSource {
  const use = async <T>(fn: (db: Db) => Promise<T>): Promise<T> => {
    const h = open();
    try {
      return await fn(h.db);
    } finally {
      await h.close();
    }
  };
  return {
    version: () => use(readVersion),
    load: (nowMs) =>
      use(async (db) => {
        // version first: a change committing meanwhile leaves an older version with newer rules, reloaded next check
        const version = await readVersion(db);
        const now = new Date(nowMs);
        const [rows, coupons] = await Promise.all([loadActiveRuleRows(db, now), loadActiveCoupons(db, now)]);
        const byRule = new Map<string, PromotionCouponRow[]>();
        for (const c of coupons) {
          const list = byRule.get(c.ruleId);
          if (list) list.push(c);
          else byRule.set(c.ruleId, [c]);
        }
        const rules: PromotionRule[] = [];
        for (const row of rows) {
          try {
            const r = compileStoredRule(row, byRule.get(row.id) ?? []);
            if (r) rules.push(r);
          } catch (e) {
            // a rule stored by an older registry that no longer validates must not take every cart down
            console.error(`promotion rule ${row.id} no longer compiles; skipped`, e);
          }
        }
        return { version, rules };
      }),
  };
}

export class ActiveRules {
  constructor(private readonly source: RulesSource) {}

  /** The index of the rules that may run on `channelCode` (rules without channel scope included). */
  async rulesFor(channelCode: string, nowMs: number): Promise<PromotionRuleIndex | null> {
    const e = await this.current(nowMs);
    let index = e.perChannel.get(channelCode);
    if (!index) {
      index = new PromotionRuleIndex(e.rules.filter((r) => !r.channelCodes || r.channelCodes.includes(channelCode)));
      e.perChannel.set(channelCode, index);
    }
    return index;
  }

  private current(nowMs: number): Promise<Entry> | Entry {
    if (entry && nowMs >= entry.checkedAt && nowMs - entry.checkedAt < RECHECK_MS) return entry;
    inflight ??= this.refresh(nowMs).finally(() => {
      inflight = null;
    });
    return inflight;
  }

  private async refresh(nowMs: number): Promise<Entry> {
    const gen = generation;
    const cached = entry;
    if (cached && (await this.source.version()) === cached.version) {
      cached.checkedAt = nowMs;
      return cached;
    }
    const loaded = await this.source.load(nowMs);
    loads++;
    // cleared while loading: keep the result but re-check the version on the next call
    const fresh: Entry = { version: loaded.version, checkedAt: gen === generation ? nowMs : Number.NEGATIVE_INFINITY, rules: loaded.rules, perChannel: new Map() };
    entry = fresh;
    return fresh;
  }
}
