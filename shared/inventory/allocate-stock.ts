/**
 * Pure allocation of requested quantities over locked stock rows: warehouses in the given order
 * (priority), splitting a line across warehouses when one is not enough; a shortfall becomes a
 * backordered quantity when the variant allows it, otherwise the line is out of stock.
 */
export interface ReserveLine {
  variantId: string;
  quantity: number;
}

export interface StockRowSnapshot {
  variantId: string;
  warehouseId: string;
  onHand: number;
  reserved: number;
}

export interface Allocation {
  variantId: string;
  /** null: backordered, no warehouse stock held */
  warehouseId: string | null;
  quantity: number;
}

export interface OutOfStockLine {
  variantId: string;
  requested: number;
  available: number;
}

export type AllocationResult = { ok: true; allocations: Allocation[] } | { ok: false; outOfStock: OutOfStockLine[] };

/** `rows` must already be in allocation order; lines for the same variant are merged. */
export function allocateStock(lines: readonly ReserveLine[], rows: readonly StockRowSnapshot[], backorderAllowed: ReadonlySet<string>): AllocationResult {
  const wanted = new Map<string, number>();
  for (const l of lines) wanted.set(l.variantId, (wanted.get(l.variantId) ?? 0) + l.quantity);

  const allocations: Allocation[] = [];
  const outOfStock: OutOfStockLine[] = [];
  for (const [variantId, requested] of wanted) {
    let left = requested;
    let available = 0;
    for (const r of rows) {
      if (r.variantId !== variantId) continue;
      const free = Math.max(0, r.onHand - r.reserved);
      available += free;
      const take = Math.min(free, left);
      if (take > 0) {
        allocations.push({ variantId, warehouseId: r.warehouseId, quantity: take });
        left -= take;
      }
    }
    if (left > 0) {
      if (backorderAllowed.has(variantId)) allocations.push({ variantId, warehouseId: null, quantity: left });
      else outOfStock.push({ variantId, requested, available });
    }
  }
  return outOfStock.length ? { ok: false, outOfStock } : { ok: true, allocations };
}
