/**
 * Applies one cart command to the current lines, in memory, without I/O. The result is a draft:
 * the caller prices it and only then persists it, so a failure anywhere leaves the stored cart
 * as it was. Single-line commands throw typed errors; bulk commands (quick order, reorder,
 * merge) report each input line and apply the valid ones (or none with `allOrNothing`).
 */
import { notFound } from "../kernel/errors";
import { MAX_CART_LINES, quantityRejection, rejectionError } from "./cart-rules";
import type { BulkLineResult, CartLine, LineFacts, LineRejection } from "./cart.types";

export interface BulkItem {
  line: number;
  /** what the buyer typed (SKU) or the variant id for reorder/merge */
  sku: string;
  quantity: number;
  /** null: unknown or not visible to this buyer */
  facts: LineFacts | null;
  /** already refused before it reached the cart (malformed CSV line) */
  rejection?: LineRejection;
}

export type CartCommand =
  | { type: "add"; ref: string; field: string; facts: LineFacts | null; quantity: number }
  | { type: "setQuantity"; variantId: string; quantity: number }
  | { type: "remove"; variantId: string }
  | { type: "clear" }
  | { type: "bulkAdd"; items: BulkItem[]; allOrNothing: boolean }
  | { type: "setCurrency"; currency: string }
  | { type: "reprice" }
  /** a coupon code (normalized, admitted by promotions) entered on / taken off the cart; lines unchanged */
  | { type: "addCoupon"; code: string }
  | { type: "removeCoupon"; code: string };

export interface Actor {
  /** employee or customer id; null for a guest */
  id: string | null;
}

export interface CartDraft {
  lines: Map<string, CartLine>;
  /** variant ids whose line is new or changed by this command */
  touched: Set<string>;
  /** variant ids that were not in the cart before this command */
  added: Set<string>;
  removed: Set<string>;
  results: BulkLineResult[] | null;
  currency: string | null;
  cleared: boolean;
}

export interface DraftInput {
  lines: ReadonlyMap<string, CartLine>;
  currency: string | null;
  nextPosition: number;
  nowMs: number;
  actor: Actor;
  newLineId: () => string;
}

function newLine(input: DraftInput, facts: LineFacts, quantity: number, position: number): CartLine {
  return {
    lineId: input.newLineId(),
    variantId: facts.variantId,
    quantity,
    facts,
    addedBy: input.actor.id,
    updatedBy: input.actor.id,
    addedAtMs: input.nowMs,
    updatedAtMs: input.nowMs,
    position,
  };
}

function withQuantity(input: DraftInput, line: CartLine, quantity: number): CartLine {
  return { ...line, quantity, updatedBy: input.actor.id, updatedAtMs: input.nowMs };
}

export function applyCommand(input: DraftInput, cmd: CartCommand): CartDraft {
  const lines = new Map(input.lines);
  const draft: CartDraft = { lines, touched: new Set(), added: new Set(), removed: new Set(), results: null, currency: input.currency, cleared: false };
  let position = input.nextPosition;
  switch (cmd.type) {
    case "add": {
      if (!cmd.facts) throw notFound("Product variant", cmd.ref);
      const existing = lines.get(cmd.facts.variantId);
      const target = (existing?.quantity ?? 0) + cmd.quantity;
      const r = cmd.quantity < 1 || !Number.isInteger(cmd.quantity) ? quantityRejection(cmd.facts, cmd.quantity) : quantityRejection(cmd.facts, target);
      if (r) throw rejectionError(r, "quantity", cmd.facts.sku);
      if (!existing && lines.size >= MAX_CART_LINES) throw rejectionError({ reason: "CART_FULL", message: `a cart holds at most ${MAX_CART_LINES} lines` }, "variantId");
      lines.set(cmd.facts.variantId, existing ? withQuantity(input, existing, target) : newLine(input, cmd.facts, target, position++));
      draft.touched.add(cmd.facts.variantId);
      if (!existing) draft.added.add(cmd.facts.variantId);
      return draft;
    }
    case "setQuantity": {
      const existing = lines.get(cmd.variantId);
      if (!existing) throw notFound("Cart line for variant", cmd.variantId);
      const r = quantityRejection(existing.facts, cmd.quantity);
      if (r) throw rejectionError(r, "quantity", existing.facts.sku);
      lines.set(cmd.variantId, withQuantity(input, existing, cmd.quantity));
      draft.touched.add(cmd.variantId);
      return draft;
    }
    case "remove": {
      if (!lines.delete(cmd.variantId)) throw notFound("Cart line for variant", cmd.variantId);
      draft.removed.add(cmd.variantId);
      return draft;
    }
    case "clear": {
      for (const id of lines.keys()) draft.removed.add(id);
      lines.clear();
      draft.cleared = true;
      return draft;
    }
    case "setCurrency":
      draft.currency = cmd.currency;
      return draft;
    case "reprice":
    case "addCoupon":
    case "removeCoupon":
      return draft;
    case "bulkAdd": {
      const results: BulkLineResult[] = [];
      for (const item of cmd.items) {
        const reject = (rejection: LineRejection) => results.push({ line: item.line, sku: item.sku, quantity: item.quantity, status: "REJECTED", rejection });
        if (item.rejection) {
          results.push({ line: item.line, sku: item.sku, quantity: null, status: "REJECTED", rejection: item.rejection });
          continue;
        }
        if (!item.facts) {
          reject({ reason: "UNKNOWN_SKU", message: `no product with SKU "${item.sku}" is available to you` });
          continue;
        }
        const existing = lines.get(item.facts.variantId);
        const target = (existing?.quantity ?? 0) + item.quantity;
        const r = item.quantity < 1 || !Number.isInteger(item.quantity) ? quantityRejection(item.facts, item.quantity) : quantityRejection(item.facts, target);
        if (r) {
          // say what the whole line would need when earlier lines already hold some of it
          reject(existing && r.nearestValid !== undefined ? { ...r, nearestValid: r.nearestValid - existing.quantity } : r);
          continue;
        }
        if (!existing && lines.size >= MAX_CART_LINES) {
          reject({ reason: "CART_FULL", message: `a cart holds at most ${MAX_CART_LINES} lines` });
          continue;
        }
        lines.set(item.facts.variantId, existing ? withQuantity(input, existing, target) : newLine(input, item.facts, target, position++));
        draft.touched.add(item.facts.variantId);
        if (!input.lines.has(item.facts.variantId)) draft.added.add(item.facts.variantId);
        results.push({ line: item.line, sku: item.facts.sku, quantity: item.quantity, status: "APPLIED", rejection: null });
      }
      draft.results = results;
      return draft;
    }
  }
}

/**
 * Lines added or changed by this command that turned out to have no price are put back as they
 * were (a buyer cannot order what has no price), and bulk results say so per line. Lines already
 * in the cart and not touched stay, flagged, so a currency switch or a removed price never
 * silently drops what the buyer chose. Returns the SKUs refused.
 */
export function dropUnpricedChanges(draft: CartDraft, unpriced: ReadonlySet<string>, before: ReadonlyMap<string, CartLine>): string[] {
  const droppedSkus: string[] = [];
  for (const variantId of [...draft.touched]) {
    if (!unpriced.has(variantId)) continue;
    droppedSkus.push(draft.lines.get(variantId)!.facts.sku);
    const prior = before.get(variantId);
    if (prior) draft.lines.set(variantId, prior);
    else draft.lines.delete(variantId);
    draft.added.delete(variantId);
    draft.touched.delete(variantId);
  }
  if (draft.results && droppedSkus.length > 0) {
    const skus = new Set(droppedSkus);
    draft.results = draft.results.map((r) =>
      r.status === "APPLIED" && skus.has(r.sku)
        ? { ...r, status: "REJECTED", rejection: { reason: "NOT_PRICED", message: `${r.sku} has no price for you in this currency` } }
        : r,
    );
  }
  return droppedSkus;
}

/** All-or-nothing bulk changes: any refused line puts every line back. */
export function revertDraft(draft: CartDraft, before: ReadonlyMap<string, CartLine>): void {
  draft.lines = new Map(before);
  draft.touched.clear();
  draft.added.clear();
  draft.removed.clear();
}
