/** Compiled condition trees (all / any / not over registered conditions) and what they imply. */
import { linesWithAnyKey, type CartIndex, type IndexKey } from "./cart-index";
import type { ConditionDefinition, ConditionRegistry } from "./operations";
import { DomainError } from "../kernel/errors";

export type ConditionNode =
  | { kind: "op"; type: string; def: ConditionDefinition; config: unknown; path: string }
  | { kind: "all" | "any"; children: ConditionNode[]; path: string }
  | { kind: "not"; child: ConditionNode; path: string };

export interface RawConditionNode {
  type: string;
  config?: unknown;
  conditions?: RawConditionNode[];
  condition?: RawConditionNode;
}

export function compileCondition(raw: RawConditionNode, path: string, registry: ConditionRegistry): ConditionNode {
  if (raw.type === "all" || raw.type === "any") {
    if (!raw.conditions || raw.conditions.length === 0) {
      throw new DomainError("BAD_USER_INPUT", `${path}.conditions: "${raw.type}" needs at least one condition`, { field: `${path}.conditions` });
    }
    return { kind: raw.type, path, children: raw.conditions.map((c, i) => compileCondition(c, `${path}.conditions.${i}`, registry)) };
  }
  if (raw.type === "not") {
    if (!raw.condition) throw new DomainError("BAD_USER_INPUT", `${path}.condition: "not" needs a condition`, { field: `${path}.condition` });
    return { kind: "not", path, child: compileCondition(raw.condition, `${path}.condition`, registry) };
  }
  if (raw.conditions !== undefined || raw.condition !== undefined) {
    throw new DomainError("BAD_USER_INPUT", `${path}: only all/any/not take nested conditions`, { field: path });
  }
  const { op, config } = registry.parseConfig(raw.type, raw.config, `${path}.config`, `${path}.type`);
  return { kind: "op", type: raw.type, def: op, config, path };
}

export function evaluateCondition(node: ConditionNode, cart: CartIndex): boolean {
  switch (node.kind) {
    case "op":
      return node.def.evaluate(node.config, cart);
    case "all":
      for (const c of node.children) if (!evaluateCondition(c, cart)) return false;
      return true;
    case "any":
      for (const c of node.children) if (evaluateCondition(c, cart)) return true;
      return false;
    case "not":
      return !evaluateCondition(node.child, cart);
  }
}

/** The innermost node that makes the tree fail (null when it passes), for explanations. */
export function firstFailure(node: ConditionNode, cart: CartIndex): ConditionNode | null {
  switch (node.kind) {
    case "op":
      return node.def.evaluate(node.config, cart) ? null : node;
    case "all":
      for (const c of node.children) {
        const f = firstFailure(c, cart);
        if (f) return f;
      }
      return null;
    case "any":
      return node.children.some((c) => evaluateCondition(c, cart)) ? null : node;
    case "not":
      return evaluateCondition(node.child, cart) ? node : null;
  }
}

export function describeNode(node: ConditionNode): string {
  return node.kind === "op" ? node.type : node.kind;
}

/** Line predicates that hold for the whole rule: those reachable through "all" nodes only. */
export function lineFilters(node: ConditionNode): IndexKey[][] {
  if (node.kind === "op") return node.def.lineKeys ? [[...node.def.lineKeys(node.config)]] : [];
  if (node.kind === "all") return node.children.flatMap(lineFilters);
  return [];
}

/** Lines that satisfy every filter (all lines when there is none), ascending. */
export function matchingLines(filters: readonly (readonly IndexKey[])[], cart: CartIndex): readonly number[] {
  if (filters.length === 0) return cart.allLines;
  let lines = linesWithAnyKey(cart, filters[0]!);
  for (let f = 1; f < filters.length && lines.length > 0; f++) {
    const allowed = new Set(linesWithAnyKey(cart, filters[f]!));
    lines = lines.filter((i) => allowed.has(i));
  }
  return lines;
}

export interface KeyRequirement {
  /** the tree can pass only if the cart holds one of these keys */
  keys: IndexKey[];
  selectivity: number;
}

const better = (a: KeyRequirement, b: KeyRequirement) =>
  a.selectivity !== b.selectivity ? a.selectivity < b.selectivity : a.keys.length < b.keys.length;

/** The most selective key requirement implied by the tree, or null when none is implied. */
export function keyRequirement(node: ConditionNode): KeyRequirement | null {
  switch (node.kind) {
    case "op": {
      const keys = node.def.indexKeys?.(node.config);
      return keys && keys.length > 0 ? { keys: [...keys], selectivity: node.def.selectivity ?? 5 } : null;
    }
    case "all": {
      let best: KeyRequirement | null = null;
      for (const c of node.children) {
        const r = keyRequirement(c);
        if (r && (!best || better(r, best))) best = r;
      }
      return best;
    }
    case "any": {
      const keys: IndexKey[] = [];
      let selectivity = 0;
      for (const c of node.children) {
        const r = keyRequirement(c);
        if (!r) return null; // one branch can pass without any key
        keys.push(...r.keys);
        selectivity = Math.max(selectivity, r.selectivity);
      }
      return { keys, selectivity };
    }
    case "not":
      return null;
  }
}

export function betterRequirement(a: KeyRequirement | null, b: KeyRequirement | null): KeyRequirement | null {
  if (!a) return b;
  if (!b) return a;
  return better(b, a) ? b : a;
}
