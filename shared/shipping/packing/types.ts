/**
 * Public types of the packing engine. Axes: x runs along a box's `w`, y along its `h` (vertical,
 * gravity points to -y), z along its `d`. All lengths share one unit, all weights another; the
 * engine never converts. Costs are integer minor units.
 */

export type Axis = "w" | "h" | "d";

/**
 * How an item may be turned:
 * - "free": any of the 6 orientations;
 * - "fixed": exactly as given (w along x, h vertical, d along z);
 * - "this_side_up": h stays vertical, w and d may swap;
 * - Axis[]: the item dimensions allowed to stand vertical (each with both horizontal turns).
 */
export type Rotation = "free" | "fixed" | "this_side_up" | readonly Axis[];

export interface Dimensions {
  w: number;
  h: number;
  d: number;
}

export interface BoxTemplate {
  id: string;
  /** inner dimensions: the space items go into */
  inner: Dimensions;
  /** outer dimensions (what the carrier measures); defaults to inner */
  outer?: Dimensions | null;
  /** maximum weight of the items inside (tare excluded); null = no limit */
  maxWeight: number | null;
  tareWeight?: number;
  /** material cost, integer minor units */
  cost: number;
  /** how many of this box may be used; null = unlimited */
  count: number | null;
}

export interface PackItem {
  id: string;
  w: number;
  h: number;
  d: number;
  /** weight of one unit */
  weight: number;
  qty: number;
  rotation?: Rotation;
  /** nothing may rest on top of a fragile item */
  fragile?: boolean;
  /** most weight this unit may carry stacked on top of it (see validate-packing.ts for the load rule) */
  maxLoad?: number | null;
}

/** What a package looks like to a rate estimator. */
export interface PackageForRate {
  /** null for an oversize item shipped without a box */
  boxId: string | null;
  outer: Dimensions;
  /** items + tare */
  weight: number;
}

export interface PackingOptions {
  /**
   * Share of an item's base that must rest on the floor or on top faces of items directly below.
   * Default 0.75 (see DEFAULT_MIN_SUPPORT). 1 = fully supported; 0 = no gravity rule (items may
   * float, as in the academic benchmarks); must be in [0, 1].
   */
  minSupportRatio?: number;
  /** Extra cost of shipping one package (integer minor units), added to the box cost when choosing boxes. */
  rateEstimate?: (pkg: PackageForRate) => number;
  /**
   * Effort: how many heuristic variants are tried per box (1…8, default 8). Lower is faster.
   */
  effort?: number;
}

export interface PackingInput {
  boxes: readonly BoxTemplate[];
  items: readonly PackItem[];
  options?: PackingOptions;
}

/**
 * `orientation` names, for the placed x, y, z axes in turn, which item dimension lies along it:
 * "whd" is as given, "hwd" means the item's h runs along x and its w stands vertical.
 */
export type Orientation = "whd" | "wdh" | "hwd" | "hdw" | "dwh" | "dhw";

export interface Placement {
  itemId: string;
  /** 0-based unit index within the item's qty */
  unit: number;
  x: number;
  y: number;
  z: number;
  /** placed extents along x, y, z */
  w: number;
  h: number;
  d: number;
  orientation: Orientation;
}

export interface PackedPackage {
  /** null for an oversize item shipped on its own */
  boxId: string | null;
  oversize: boolean;
  /** dimensions the carrier sees: the box's outer dimensions, or the item's own for oversize */
  outer: Dimensions;
  placements: Placement[];
  itemsWeight: number;
  /** items + tare */
  weight: number;
  /** packed item volume / box inner volume (1 for oversize) */
  fillRatio: number;
  /** box cost + rate estimate, integer minor units (0 box cost for oversize) */
  cost: number;
}

export interface UnpackedUnit {
  itemId: string;
  unit: number;
  reason: "no_box_left";
}

export interface PackingResult {
  packages: PackedPackage[];
  /** units that fit some box but for which no box was left (limited counts) */
  unpacked: UnpackedUnit[];
  /** item ids shipped as oversize packages */
  oversize: string[];
  totalCost: number;
}

export interface PackingStrategy {
  readonly name: string;
  pack(input: PackingInput): PackingResult;
}
