/**
 * Input checks and the engine's internal view of the input. Decisions:
 * - An item that fits no box in any allowed orientation is not an error: it ships alone as an
 *   oversize package (flagged).
 * - An item that fits some box by size but weighs more than the weight limit of every such box is
 *   BAD_USER_INPUT on `items.<i>.weight`: no packing can carry it and weight is not "oversize".
 * - Outer dimensions, when given, must be at least the inner ones on every axis.
 */
import { badInput } from "../../kernel/errors";
import { EPS } from "./free-spaces";
import { VARIANTS, type PackType } from "./fill-bin";
import { orientsOf } from "./orientations";
import type { BoxTemplate, Dimensions, PackingInput, PackItem, PackageForRate } from "./types";

export const DEFAULT_MIN_SUPPORT = 0.75;
export const MAX_UNITS = 5000;
const AXES = ["w", "h", "d"] as const;

export interface Normalized {
  boxes: readonly BoxTemplate[];
  items: readonly PackItem[];
  types: PackType[];
  /** per item: fits at least one box (by size and weight) */
  fitsSomeBox: boolean[];
  minSupport: number;
  effort: number;
  constrained: boolean;
  rate: (pkg: PackageForRate) => number;
}

const positive = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v > 0;
const nonNegative = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;

function checkDims(dims: Dimensions | undefined | null, field: string): void {
  if (!dims || typeof dims !== "object") throw badInput(`${field} is required`, field);
  for (const a of AXES) {
    if (!positive(dims[a])) throw badInput(`${field}.${a} must be a positive number`, `${field}.${a}`);
  }
}

function checkBox(b: BoxTemplate, i: number, ids: Set<string>): void {
  const f = `boxes.${i}`;
  if (typeof b.id !== "string" || b.id === "") throw badInput(`${f}.id must be a non-empty string`, `${f}.id`);
  if (ids.has(b.id)) throw badInput(`${f}.id "${b.id}" is used twice`, `${f}.id`);
  ids.add(b.id);
  checkDims(b.inner, `${f}.inner`);
  if (b.outer != null) {
    checkDims(b.outer, `${f}.outer`);
    for (const a of AXES) {
      if (b.inner[a] > b.outer[a] + EPS) throw badInput(`${f}.inner.${a} is larger than ${f}.outer.${a}`, `${f}.outer.${a}`);
    }
  }
  if (b.maxWeight !== null && !positive(b.maxWeight)) throw badInput(`${f}.maxWeight must be positive or null`, `${f}.maxWeight`);
  if (b.tareWeight !== undefined && !nonNegative(b.tareWeight)) throw badInput(`${f}.tareWeight must be zero or positive`, `${f}.tareWeight`);
  if (!Number.isSafeInteger(b.cost) || b.cost < 0) throw badInput(`${f}.cost must be a non-negative integer (minor units)`, `${f}.cost`);
  if (b.count !== null && (!Number.isSafeInteger(b.count) || b.count < 0)) throw badInput(`${f}.count must be a non-negative integer or null`, `${f}.count`);
}

function checkItem(it: PackItem, i: number, ids: Set<string>): void {
  const f = `items.${i}`;
  if (typeof it.id !== "string" || it.id === "") throw badInput(`${f}.id must be a non-empty string`, `${f}.id`);
  if (ids.has(it.id)) throw badInput(`${f}.id "${it.id}" is used twice`, `${f}.id`);
  ids.add(it.id);
  for (const a of AXES) if (!positive(it[a])) throw badInput(`${f}.${a} must be a positive number`, `${f}.${a}`);
  if (!nonNegative(it.weight)) throw badInput(`${f}.weight must be zero or positive`, `${f}.weight`);
  if (!Number.isSafeInteger(it.qty) || it.qty < 1) throw badInput(`${f}.qty must be a positive integer`, `${f}.qty`);
  const r = it.rotation;
  if (r !== undefined && r !== "free" && r !== "fixed" && r !== "this_side_up") {
    if (!Array.isArray(r) || r.length === 0 || r.some((a) => !AXES.includes(a))) {
      throw badInput(`${f}.rotation must be "free", "fixed", "this_side_up" or a non-empty list of "w"/"h"/"d"`, `${f}.rotation`);
    }
  }
  if (it.maxLoad != null && !nonNegative(it.maxLoad)) throw badInput(`${f}.maxLoad must be zero or positive`, `${f}.maxLoad`);
}

export function normalizeInput(input: PackingInput): Normalized {
  if (!input || !Array.isArray(input.boxes) || input.boxes.length === 0) throw badInput("boxes: at least one box template is required", "boxes");
  if (!Array.isArray(input.items)) throw badInput("items must be a list", "items");
  const boxIds = new Set<string>();
  input.boxes.forEach((b, i) => checkBox(b, i, boxIds));
  const itemIds = new Set<string>();
  let units = 0;
  input.items.forEach((it, i) => {
    checkItem(it, i, itemIds);
    units += it.qty;
  });
  if (units > MAX_UNITS) throw badInput(`items: at most ${MAX_UNITS} units can be packed at once`, "items");
  const o = input.options ?? {};
  const minSupport = o.minSupportRatio ?? DEFAULT_MIN_SUPPORT;
  // 0 switches gravity off (the academic benchmarks' rule set): items may float; fragile and load rules still hold.
  if (!(typeof minSupport === "number" && minSupport >= 0 && minSupport <= 1)) throw badInput("options.minSupportRatio must be in [0, 1]", "options.minSupportRatio");
  // Default effort: more heuristic variants for smaller problems, so a run stays around tens of ms.
  const effort = o.effort ?? Math.max(8, Math.min(32, Math.floor(4000 / Math.max(1, units))));
  if (!Number.isInteger(effort) || effort < 1 || effort > VARIANTS.length) throw badInput(`options.effort must be an integer from 1 to ${VARIANTS.length}`, "options.effort");
  const rateFn = o.rateEstimate;
  const rate = (pkg: PackageForRate): number => {
    if (!rateFn) return 0;
    const v = rateFn(pkg);
    if (!Number.isSafeInteger(v) || v < 0) throw badInput("options.rateEstimate must return a non-negative integer (minor units)", "options.rateEstimate");
    return v;
  };

  const types: PackType[] = [];
  const fitsSomeBox: boolean[] = [];
  let constrained = false;
  input.items.forEach((it, i) => {
    const orients = orientsOf(it, it.rotation);
    const maxLoad = it.maxLoad == null ? Infinity : it.maxLoad;
    if (it.fragile || maxLoad !== Infinity) constrained = true;
    types.push({ orients, weight: it.weight, fragile: it.fragile === true, maxLoad, volume: it.w * it.h * it.d });
    const sizeFits = input.boxes.filter((b) => orients.some((q) => q.dx <= b.inner.w + EPS && q.dy <= b.inner.h + EPS && q.dz <= b.inner.d + EPS));
    const fits = sizeFits.filter((b) => b.maxWeight === null || it.weight <= b.maxWeight + EPS);
    if (sizeFits.length > 0 && fits.length === 0) {
      throw badInput(`items.${i}.weight: item "${it.id}" is heavier than the weight limit of every box it fits`, `items.${i}.weight`);
    }
    fitsSomeBox.push(fits.length > 0);
  });
  return { boxes: input.boxes, items: input.items, types, fitsSomeBox, minSupport, effort, constrained, rate };
}
