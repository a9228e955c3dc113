/**
 * Admin side of promotions: rules as data (create / update / archive), coupon codes (single and
 * bulk from a template, CSV export), usage per rule, and the registered operations with their
 * config schemas. Every write bumps the promotions version and emits `promotions.changed` in the
 * same transaction (see active-rules.ts for how carts pick the change up).
 */
import { z } from "zod";
import type { Db } from "../kernel/db";
import { DomainError, notFound } from "../kernel/errors";
import type { OperationDescriptor } from "../kernel/configurable-operation";
import { parseInput } from "../kernel/validation";
import { transactional, type Outbox } from "../events";
import { clearActiveRulesCache } from "./active-rules";
import { drawCodes, MAX_BATCH, parseTemplate, toCsv, type RandomWords } from "./coupon-codes";
import {
  bumpVersion, countCoupons, couponsOf, findRule, insertBatch, insertBatchCodes, insertCoupons, insertRule, listRules, takenCodes, updateRuleRow,
} from "./promotions.repository";
import type { PromotionRuleRow } from "./promotions.tables";
import { type RedemptionCounters, ruleKeys } from "./redemptions";
import { defaultRegistries } from "./registry";
import { prepareRule, type PreparedRule } from "./stored-rules";
import type { Tx } from "../kernel/db";

export interface PromotionsDeps {
  db: Db;
  outbox: Outbox;
  now: Date;
  counters: RedemptionCounters;
  random?: RandomWords;
}

export interface PromotionRuleView {
  id: string;
  name: string;
  type: string;
  status: string;
  priority: number;
  channelCodes: string[];
  startsAt: Date | null;
  endsAt: Date | null;
  rule: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface CouponBatchResult {
  batchId: string;
  ruleId: string;
  count: number;
  codes: string[];
}

export interface RuleUsageReport {
  ruleId: string;
  /** redemptions reserved so far (released ones given back) */
  total: number;
  today: number;
  totalLimit: number | null;
  dailyLimit: number | null;
  coupons: number;
}

const uuid = z.uuid();
const listSchema = z.object({
  status: z.enum(["active", "archived"]).nullish(),
  channelCode: z.string().trim().min(1).nullish(),
  first: z.number().int().min(1).max(500).nullish(),
});
const batchSchema = z.object({
  ruleId: uuid,
  template: z.string(),
  count: z.number().int().min(1).max(MAX_BATCH),
  singleUse: z.boolean().default(true),
  maxUses: z.number().int().positive().nullish(),
});
const exportSchema = z.object({ ruleId: uuid.nullish(), batchId: uuid.nullish() }).refine((x) => !!x.ruleId !== !!x.batchId, {
  message: "give exactly one of ruleId and batchId",
  path: ["ruleId"],
});

const defaultRandom: RandomWords = (n) => {
  const out = new Uint32Array(n);
  // getRandomValues fills at most 65,536 bytes per call
  for (let i = 0; i < n; i += 16_384) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 16_384)));
  return out;
};

function view(r: PromotionRuleRow): PromotionRuleView {
  return {
    id: r.id, name: r.name, type: r.type, status: r.status, priority: r.priority, channelCodes: r.channelCodes,
    startsAt: r.startsAt, endsAt: r.endsAt, rule: r.rule, createdAt: r.createdAt, updatedAt: r.updatedAt,
  };
}

export class PromotionsService {
  constructor(private readonly deps: PromotionsDeps) {}

  conditions(): OperationDescriptor[] {
    return defaultRegistries.conditions.list();
  }

  actions(): OperationDescriptor[] {
    return defaultRegistries.actions.list();
  }

  async list(input: unknown): Promise<PromotionRuleView[]> {
    const q = parseInput(listSchema, input ?? {}, "");
    return (await listRules(this.deps.db, { status: q.status ?? null, channelCode: q.channelCode ?? null, limit: q.first ?? 100 })).map(view);
  }

  async get(id: string): Promise<PromotionRuleView> {
    return view(await this.requireRule(this.deps.db, id));
  }

  private async requireRule(db: Db | Tx, id: string): Promise<PromotionRuleRow> {
    const rid = parseInput(uuid, id, "id");
    const row = await findRule(db, rid);
    if (!row) throw notFound("Promotion rule", id);
    return row;
  }

  /** Inline codes must be new (or already this rule's): a code belongs to one rule. SQL: 1 + 1 insert. */
  private async addInlineCoupons(tx: Tx, ruleId: string, p: PreparedRule, existing: ReadonlySet<string>): Promise<void> {
    const fresh = p.coupons.filter((c) => !existing.has(c.code));
    const taken = await takenCodes(tx, fresh.map((c) => c.code));
    if (taken.length > 0) {
      throw new DomainError("CONFLICT", `rule.coupon_codes: code ${taken[0]} is already in use`, { field: "rule.coupon_codes" });
    }
    await insertCoupons(tx, fresh.map((c) => ({ ruleId, code: c.code, singleUse: c.maxUses === 1, maxUses: c.maxUses, startsAt: c.startsAt, endsAt: c.endsAt })));
  }

  private async changed(tx: Tx, emit: (...e: { type: string; aggregateType: string; aggregateId: string; payload: unknown }[]) => Promise<void>, ruleId: string, what: string): Promise<void> {
    const version = await bumpVersion(tx);
    await emit({ type: "promotions.changed", aggregateType: "promotion_rule", aggregateId: ruleId, payload: { ruleId, version, change: what } });
  }

  /** The rule JSON exactly as the brief writes it (snake_case). SQL: insert rule, coupons, version, outbox. */
  async create(rule: unknown): Promise<PromotionRuleView> {
    const p = prepareRule(rule);
    const row = await transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      const r = await insertRule(tx, { ...p.columns, status: "active", rule: p.json });
      await this.addInlineCoupons(tx, r.id, p, new Set());
      await this.changed(tx, emit, r.id, "created");
      return r;
    });
    clearActiveRulesCache();
    return view(row);
  }

  /** Replaces the rule's JSON; inline codes are added (existing codes of the rule stay). */
  async update(id: string, rule: unknown): Promise<PromotionRuleView> {
    const p = prepareRule(rule);
    const row = await transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      const current = await this.requireRule(tx, id);
      if (current.status === "archived") throw new DomainError("BAD_USER_INPUT", "An archived rule cannot be changed", { field: "id" });
      if (current.type !== p.columns.type) throw new DomainError("BAD_USER_INPUT", "rule.type cannot change (coupons belong to coupon rules)", { field: "rule.type" });
      const r = await updateRuleRow(tx, current.id, { ...p.columns, rule: p.json, updatedAt: this.deps.now });
      const mine = new Set((await couponsOf(tx, { ruleId: current.id })).map((c) => c.code));
      await this.addInlineCoupons(tx, current.id, p, mine);
      await this.changed(tx, emit, current.id, "updated");
      return r!;
    });
    clearActiveRulesCache();
    return view(row);
  }

  async archive(id: string): Promise<PromotionRuleView> {
    const row = await transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      const current = await this.requireRule(tx, id);
      const r = await updateRuleRow(tx, current.id, { status: "archived", updatedAt: this.deps.now });
      await this.changed(tx, emit, current.id, "archived");
      return r!;
    });
    clearActiveRulesCache();
    return view(row);
  }

  /**
   * Bulk codes from a template ("SPRING-####-????"), unique across every coupon. SQL: rule, batch,
   * ONE insert for all the codes (+1 per rare collision round), version, outbox.
   */
  async generateCoupons(input: unknown): Promise<CouponBatchResult> {
    const i = parseInput(batchSchema, input, "input");
    const template = parseTemplate(i.template, "input.template");
    const random = this.deps.random ?? defaultRandom;
    const result = await transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      const rule = await this.requireRule(tx, i.ruleId);
      if (rule.type !== "coupon") throw new DomainError("BAD_USER_INPUT", "input.ruleId: coupons need a rule of type \"coupon\"", { field: "input.ruleId" });
      if (rule.status !== "active") throw new DomainError("BAD_USER_INPUT", "input.ruleId: the rule is archived", { field: "input.ruleId" });
      const batch = await insertBatch(tx, { ruleId: rule.id, template, count: i.count, singleUse: i.singleUse, maxUses: i.maxUses ?? null });
      const inserted = new Set<string>();
      for (let round = 0; inserted.size < i.count; round++) {
        if (round === 5) throw new DomainError("CONFLICT", `input.template: could not find ${i.count} free codes`, { field: "input.template" });
        const codes = drawCodes(template, i.count - inserted.size, random, inserted, "input.template");
        for (const c of await insertBatchCodes(tx, { ruleId: rule.id, batchId: batch.id, codes, singleUse: i.singleUse, maxUses: i.singleUse ? 1 : (i.maxUses ?? null) })) inserted.add(c);
      }
      await this.changed(tx, emit, rule.id, "coupons_generated");
      return { batchId: batch.id, ruleId: rule.id, count: inserted.size, codes: [...inserted].sort() };
    });
    clearActiveRulesCache();
    return result;
  }

  /** CSV of a batch's or a rule's codes. SQL: 1. */
  async exportCoupons(input: unknown): Promise<string> {
    const i = parseInput(exportSchema, input, "input");
    const rows = await couponsOf(this.deps.db, i.batchId ? { batchId: i.batchId } : { ruleId: i.ruleId! });
    return toCsv(
      ["code", "rule_id", "batch_id", "single_use", "max_uses", "starts_at", "ends_at"],
      rows.map((c) => [c.code, c.ruleId, c.batchId, c.singleUse, c.maxUses, c.startsAt?.toISOString() ?? null, c.endsAt?.toISOString() ?? null]),
    );
  }

  /** Reserved redemptions (counters) for a rule. SQL: rule + coupon count; counters: 2 reads. */
  async usage(id: string): Promise<RuleUsageReport> {
    const row = await this.requireRule(this.deps.db, id);
    const nowMs = this.deps.now.getTime();
    const [total, today, coupons] = await Promise.all([
      this.deps.counters.peek(ruleKeys.total(row.id), nowMs),
      this.deps.counters.peek(ruleKeys.day(row.id, nowMs), nowMs),
      countCoupons(this.deps.db, row.id),
    ]);
    const limits = (row.rule.usage_limits ?? {}) as { total?: number; daily?: number };
    return { ruleId: row.id, total, today, totalLimit: limits.total ?? null, dailyLimit: limits.daily ?? null, coupons };
  }
}
