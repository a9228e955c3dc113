/**
 * Two rates for the same jurisdiction, kind and category/class may not be in force at the same
 * instant: the engine would otherwise have to guess. Periods are half-open [validFrom, validTo),
 * so one rate ending at T and the next starting at T do not overlap.
 */
import { badInput } from "../kernel/errors";
import type { TaxRate } from "./tax.types";

export interface RateOverlap {
  /** index in `incoming` */
  index: number;
  /** the other rate: an index in `incoming`, or the id of an existing rate */
  conflictsWith: { index: number } | { id: string };
}

export function rateSlot(r: TaxRate): string {
  return `${r.kind}|${r.jurisdictionKey}|${r.kind === "sales" ? r.category : r.productClass}`;
}

const end = (r: TaxRate) => (r.validTo == null ? Number.POSITIVE_INFINITY : r.validTo.getTime());

/** Overlaps among `incoming` and between `incoming` and `existing` (existing rates replaced by id are ignored). */
export function findRateOverlaps(incoming: readonly TaxRate[], existing: readonly TaxRate[] = []): RateOverlap[] {
  const replaced = new Set(incoming.map((r) => r.id));
  type Entry = { r: TaxRate; ref: { index: number } | { id: string } };
  const slots = new Map<string, Entry[]>();
  const push = (e: Entry) => {
    const key = rateSlot(e.r);
    const list = slots.get(key) ?? [];
    list.push(e);
    slots.set(key, list);
  };
  existing.forEach((r) => !replaced.has(r.id) && push({ r, ref: { id: r.id } }));
  incoming.forEach((r, index) => push({ r, ref: { index } }));

  const out: RateOverlap[] = [];
  for (const list of slots.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => a.r.validFrom.getTime() - b.r.validFrom.getTime());
    // sweep: compare each with the still-open period that reaches furthest
    let open = list[0]!;
    for (let i = 1; i < list.length; i++) {
      const cur = list[i]!;
      if (cur.r.validFrom.getTime() < end(open.r)) {
        if ("index" in cur.ref) out.push({ index: cur.ref.index, conflictsWith: open.ref });
        else if ("index" in open.ref) out.push({ index: open.ref.index, conflictsWith: cur.ref });
      }
      if (end(cur.r) > end(open.r)) open = cur;
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/** Throws BAD_USER_INPUT naming the first overlapping rate (`rates.3.validFrom`) and all conflicts. */
export function assertNoRateOverlaps(incoming: readonly TaxRate[], existing: readonly TaxRate[] = [], prefix = "rates"): void {
  const overlaps = findRateOverlaps(incoming, existing);
  if (overlaps.length === 0) return;
  const o = overlaps[0]!;
  const r = incoming[o.index]!;
  const other = "index" in o.conflictsWith ? `${prefix}.${o.conflictsWith.index}` : `existing rate ${o.conflictsWith.id}`;
  throw badInput(
    `${prefix}.${o.index} overlaps ${other}: two ${r.kind} rates for ${r.jurisdictionKey} / ${r.kind === "sales" ? r.category : r.productClass} in force at the same time`,
    `${prefix}.${o.index}.validFrom`,
    { overlaps },
  );
}
