/**
 * The order state machine engine. A process is data (order-process.schema.ts); this module
 * validates one and computes transitions. Pure: the caller passes the facts, the actor and `now`,
 * persists the returned state + history record, and runs the returned effects.
 */
import { DomainError, badInput, conflict } from "../kernel/errors";
import { parseInput } from "../kernel/validation";
import { defaultOrderOperations, type GuardResult, type OrderActor, type OrderFacts, type OrderOperations } from "./order-operations";
import { processDefinitionSchema, type OperationRef, type ProcessDefinition, type ProcessTransition } from "./order-process.schema";

/** A process that passed validateProcess: configs are parsed, lookups are indexed. */
export interface OrderProcess {
  readonly definition: ProcessDefinition;
  readonly stateCodes: ReadonlySet<string>;
  /** outgoing transitions per source state, in definition order */
  readonly outgoing: ReadonlyMap<string, readonly ProcessTransition[]>;
}

export interface TransitionRecord {
  orderId: string;
  from: string;
  to: string;
  actorKind: OrderActor["kind"];
  actorId: string;
  at: Date;
}

export interface TransitionResult {
  state: string;
  history: TransitionRecord;
  effects: OperationRef[];
}

/**
 * Structural (zod) and semantic validation. Every error is BAD_USER_INPUT naming the field, e.g.
 * `transitions.3.from.0` for an unknown state or `states.5.code` for an unreachable one.
 */
export function validateProcess(input: unknown, ops: OrderOperations = defaultOrderOperations(), prefix = "process"): OrderProcess {
  const def = parseInput(processDefinitionSchema, input, prefix);
  const at = (path: string) => `${prefix}.${path}`;

  const stateCodes = new Set<string>();
  def.states.forEach((s, i) => {
    if (stateCodes.has(s.code)) throw badInput(`State "${s.code}" is defined twice`, at(`states.${i}.code`));
    stateCodes.add(s.code);
  });
  if (!stateCodes.has(def.initial)) throw badInput(`Initial state "${def.initial}" is not one of the states`, at("initial"));

  const terminal = new Set(def.states.filter((s) => s.terminal).map((s) => s.code));
  const seen = new Set<string>();
  const outgoing = new Map<string, ProcessTransition[]>();
  const transitions = def.transitions.map((t, i) => {
    if (!stateCodes.has(t.to)) throw badInput(`Transition ${i} goes to unknown state "${t.to}"`, at(`transitions.${i}.to`));
    t.from.forEach((f, j) => {
      if (!stateCodes.has(f)) throw badInput(`Transition ${i} starts from unknown state "${f}"`, at(`transitions.${i}.from.${j}`));
      if (terminal.has(f)) throw badInput(`State "${f}" is terminal and cannot be left`, at(`transitions.${i}.from.${j}`));
      if (f === t.to) throw badInput(`Transition ${i} loops on "${f}"`, at(`transitions.${i}.to`));
      const key = `${f}->${t.to}`;
      if (seen.has(key)) throw badInput(`Transition ${f} → ${t.to} is defined twice`, at(`transitions.${i}`));
      seen.add(key);
    });
    const guards = t.guards.map((g, j) => ({
      type: g.type,
      config: ops.guards.parseConfig(g.type, g.config, at(`transitions.${i}.guards.${j}.config`), at(`transitions.${i}.guards.${j}.type`)).config as Record<string, unknown>,
    }));
    const effects = t.effects.map((e, j) => ({
      type: e.type,
      config: ops.effects.parseConfig(e.type, e.config, at(`transitions.${i}.effects.${j}.config`), at(`transitions.${i}.effects.${j}.type`)).config as Record<string, unknown>,
    }));
    const parsed: ProcessTransition = { ...t, guards, effects };
    for (const f of t.from) outgoing.set(f, [...(outgoing.get(f) ?? []), parsed]);
    return parsed;
  });

  // Every state must be reachable from the initial one, or orders could never enter it.
  const reached = new Set([def.initial]);
  const queue = [def.initial];
  while (queue.length) {
    const s = queue.shift()!;
    for (const t of outgoing.get(s) ?? []) {
      if (!reached.has(t.to)) {
        reached.add(t.to);
        queue.push(t.to);
      }
    }
  }
  const unreachable = def.states.findIndex((s) => !reached.has(s.code));
  if (unreachable >= 0) {
    const s = def.states[unreachable]!;
    throw badInput(`State "${s.code}" cannot be reached from "${def.initial}"`, at(`states.${unreachable}.code`));
  }

  return { definition: { ...def, transitions }, stateCodes, outgoing };
}

function evaluateGuards(t: ProcessTransition, order: OrderFacts, actor: OrderActor, now: Date, ops: OrderOperations): GuardResult & { guard?: string } {
  for (const g of t.guards) {
    const op = ops.guards.require(g.type, "guard");
    const r = op.check(g.config, { order, actor, from: order.state, to: t.to, now });
    if (!r.ok) return { ...r, guard: g.type };
  }
  return { ok: true };
}

/** Target states the actor may move this order to right now (guards evaluated). */
export function allowedTransitions(process: OrderProcess, order: OrderFacts, actor: OrderActor, now: Date, ops: OrderOperations = defaultOrderOperations()): string[] {
  return (process.outgoing.get(order.state) ?? []).filter((t) => evaluateGuards(t, order, actor, now, ops).ok).map((t) => t.to);
}

/**
 * Move `order` to `to`. Refused with CONFLICT when no transition from the current state leads
 * there, or when a guard fails; both list `allowed` (targets whose guards pass for this actor).
 */
export function transition(
  process: OrderProcess,
  order: OrderFacts,
  to: string,
  actor: OrderActor,
  now: Date,
  ops: OrderOperations = defaultOrderOperations(),
): TransitionResult {
  if (!process.stateCodes.has(order.state)) {
    throw new DomainError("CONFLICT", `Order is in state "${order.state}", which process "${process.definition.code}" does not know`, { from: order.state, allowed: [] });
  }
  const allowed = allowedTransitions(process, order, actor, now, ops);
  const t = (process.outgoing.get(order.state) ?? []).find((c) => c.to === to);
  if (!t) {
    throw conflict(`Cannot move order from "${order.state}" to "${to}"; allowed: ${allowed.join(", ") || "none"}`, { from: order.state, to, allowed });
  }
  const g = evaluateGuards(t, order, actor, now, ops);
  if (!g.ok) {
    throw conflict(`Cannot move order from "${order.state}" to "${to}": ${g.reason}; allowed: ${allowed.join(", ") || "none"}`, {
      from: order.state,
      to,
      guard: g.guard,
      allowed,
    });
  }
  return {
    state: to,
    history: { orderId: order.id, from: order.state, to, actorKind: actor.kind, actorId: actor.id, at: now },
    effects: t.effects.map((e) => ({ type: e.type, config: { ...e.config } })),
  };
}
