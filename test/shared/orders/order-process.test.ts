import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "../../../shared/kernel/errors";
import {
  createGuardRegistry,
  createEffectRegistry,
  defaultB2bProcess,
  defaultB2cProcess,
  defaultProcessFor,
  transition,
  allowedTransitions,
  validateProcess,
  type OrderActor,
  type OrderFacts,
  type ProcessDefinitionInput,
} from "../../../shared/orders";

const now = new Date("2026-03-01T10:00:00Z");
const customer: OrderActor = { kind: "customer", id: "cust-1" };
const employee: OrderActor = { kind: "employee", id: "emp-9" };
const staff: OrderActor = { kind: "staff", id: "staff-1", permissions: ["orders:manage"] };
const staffNoPerm: OrderActor = { kind: "staff", id: "staff-2", permissions: [] };

const facts = (over: Partial<OrderFacts> = {}): OrderFacts => ({
  id: "ord-1",
  state: "draft",
  totalMinor: 10_000,
  currency: "USD",
  quantityOrdered: 4,
  quantityFulfilled: 0,
  quantityShipped: 0,
  authorizedMinor: 0,
  capturedMinor: 0,
  flags: {},
  ...over,
});

function catchError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a DomainError");
}

describe("default processes", () => {
  it("both validate and B2B reaches pending_approval while B2C has no such state", () => {
    const b2c = validateProcess(defaultB2cProcess);
    const b2b = validateProcess(defaultB2bProcess);
    expect(b2c.stateCodes.has("pending_approval")).toBe(false);
    expect(b2b.stateCodes.has("pending_approval")).toBe(true);
    expect(defaultProcessFor("hybrid", "account")).toBe(defaultB2bProcess);
    expect(defaultProcessFor("hybrid", "consumer")).toBe(defaultB2cProcess);
  });

  it("refuses an invalid transition with CONFLICT listing the allowed targets", () => {
    const p = validateProcess(defaultB2cProcess);
    const e = catchError(() => transition(p, facts({ state: "placed" }), "shipped", staff, now));
    expect(e.code).toBe("CONFLICT");
    expect(e.details.from).toBe("placed");
    expect(e.details.to).toBe("shipped");
    // payment does not cover the total yet, so payment_authorized is not offered; staff may hold/review/cancel
    expect([...(e.details.allowed as string[])].sort()).toEqual(["cancelled", "fraud_review", "on_hold"]);
    expect(e.message).toMatch(/allowed: .*cancelled/);
  });

  it("lists only what the actor's guards allow (customer cannot hold)", () => {
    const p = validateProcess(defaultB2cProcess);
    expect(allowedTransitions(p, facts({ state: "placed" }), customer, now)).toEqual(["cancelled"]);
    expect(allowedTransitions(p, facts({ state: "placed" }), staffNoPerm, now)).toEqual(["cancelled"]);
    expect(allowedTransitions(p, facts({ state: "completed" }), staff, now)).toEqual([]);
  });

  it("records history and returns the effects of the transition in order", () => {
    const p = validateProcess(defaultB2cProcess);
    const r = transition(p, facts(), "placed", customer, now);
    expect(r.state).toBe("placed");
    expect(r.history).toEqual({ orderId: "ord-1", from: "draft", to: "placed", actorKind: "customer", actorId: "cust-1", at: now });
    expect(r.effects.map((e) => e.type)).toEqual(["reserve_inventory", "authorize_payment", "emit_event", "notify"]);
    expect(r.effects[2]!.config).toEqual({ event: "order.placed" });
  });

  it("walks the B2B happy path with approval, evaluating guards at every step", () => {
    const p = validateProcess(defaultB2bProcess);
    let o = facts({ flags: { approval_required: true } });
    // approval required: straight to placed is refused by the flag guard
    const direct = catchError(() => transition(p, o, "placed", employee, now));
    expect(direct.code).toBe("CONFLICT");
    expect(direct.details.guard).toBe("flag");
    expect(direct.details.allowed).toEqual(["pending_approval", "cancelled"]);

    const history = [];
    let r = transition(p, o, "pending_approval", employee, now);
    expect(r.effects.map((e) => e.type)).toContain("start_approval");
    history.push(r.history);
    o = { ...o, state: r.state };
    expect(() => transition(p, o, "placed", employee, now)).toThrow(/flag "approved" must be true/);
    expect(() => transition(p, { ...o, flags: { ...o.flags, approved: true } }, "placed", customer, now)).toThrow(/actor kind "customer"/);
    o = { ...o, flags: { ...o.flags, approved: true } };
    // an account with PO review: approval alone does not place the order
    expect(() => transition(p, o, "placed", { kind: "system", id: "order-approval" }, now)).toThrow(/flag "po_reviewed" must be true/);
    o = { ...o, flags: { ...o.flags, po_reviewed: true } };
    r = transition(p, o, "placed", { kind: "system", id: "order-approval" }, now);
    history.push(r.history);
    o = { ...o, state: r.state };
    expect(() => transition(p, o, "payment_authorized", employee, now)).toThrow(/authorization does not cover/);
    o = { ...o, authorizedMinor: 10_000 };
    o = { ...o, state: transition(p, o, "payment_authorized", { kind: "system", id: "payments" }, now).state };
    expect(() => transition(p, { ...o, quantityFulfilled: 1 }, "fulfilled", staff, now)).toThrow(/fulfillment is partial, expected complete/);
    o = { ...o, quantityFulfilled: 1, state: transition(p, { ...o, quantityFulfilled: 1 }, "partially_fulfilled", staff, now).state };
    o = { ...o, quantityFulfilled: 4, state: transition(p, { ...o, quantityFulfilled: 4 }, "fulfilled", staff, now).state };
    expect(() => transition(p, { ...o, quantityShipped: 3 }, "shipped", staff, now)).toThrow(/not every unit has shipped/);
    const shipped = transition(p, { ...o, quantityShipped: 4 }, "shipped", staff, now);
    expect(shipped.effects.map((e) => e.type)).toEqual(["consume_inventory", "capture_payment", "emit_event", "notify"]);
    expect(shipped.effects[1]!.config).toEqual({ partial: false });
    expect(history.map((h) => `${h.from}>${h.to}:${h.actorId}`)).toEqual(["draft>pending_approval:emp-9", "pending_approval>placed:order-approval"]);
  });

  it("cancels after a capture (the cancel effects refund it) but not once anything was fulfilled", () => {
    const p = validateProcess(defaultB2cProcess);
    // store credit captures at placement; staff may capture early: cancel still applies and refunds
    const r = transition(p, facts({ state: "payment_authorized", authorizedMinor: 0, capturedMinor: 10_000 }), "cancelled", staff, now);
    expect(r.state).toBe("cancelled");
    expect(r.effects.map((e) => e.type)).toEqual(["release_inventory", "void_authorization", "emit_event"]);
    // once fulfilment started the order is past every state cancel leaves from
    const e = catchError(() => transition(p, facts({ state: "partially_fulfilled", authorizedMinor: 10_000, capturedMinor: 500, quantityFulfilled: 1 }), "cancelled", staff, now));
    expect(e.code).toBe("CONFLICT");
    expect(e.details.allowed).not.toContain("cancelled");
  });
});

describe("custom process defined as data", () => {
  const custom: ProcessDefinitionInput = {
    code: "quote_first",
    name: "Quote first",
    initial: "quoted",
    states: [
      { code: "quoted", label: "Quoted" },
      { code: "accepted", label: "Accepted" },
      { code: "invoiced", label: "Invoiced" },
      { code: "closed", label: "Closed", terminal: true },
    ],
    transitions: [
      { from: ["quoted"], to: "accepted", guards: [{ type: "total_at_most", config: { amountMinor: 50_000 } }], effects: [{ type: "reserve_inventory" }] },
      { from: ["accepted"], to: "invoiced", guards: [{ type: "vip_only" }], effects: [{ type: "send_invoice", config: { days: 30 } }] },
      { from: ["invoiced", "quoted"], to: "closed" },
    ],
  };
  const guards = createGuardRegistry([
    {
      code: "vip_only",
      description: "VIP flag",
      schema: z.object({}),
      check: (_c, { order }) => (order.flags["vip"] ? { ok: true } : { ok: false, reason: "VIP only" }),
    },
  ]);
  const effects = createEffectRegistry([{ code: "send_invoice", description: "Invoice", schema: z.object({ days: z.number().int().positive() }) }]);
  const ops = { guards, effects };

  it("is followed, including third-party guards and effects", () => {
    const p = validateProcess(custom, ops);
    const o = facts({ state: "quoted", totalMinor: 40_000 });
    expect(() => transition(p, o, "placed", customer, now, ops)).toThrow(/allowed: accepted, closed/);
    expect(() => transition(p, { ...o, totalMinor: 60_000 }, "accepted", customer, now, ops)).toThrow(/exceeds 50000/);
    const a = transition(p, o, "accepted", customer, now, ops);
    expect(a.state).toBe("accepted");
    expect(() => transition(p, { ...o, state: "accepted" }, "invoiced", staff, now, ops)).toThrow(/VIP only/);
    const inv = transition(p, { ...o, state: "accepted", flags: { vip: true } }, "invoiced", staff, now, ops);
    expect(inv.effects).toEqual([{ type: "send_invoice", config: { days: 30 } }]);
    expect(allowedTransitions(p, { ...o, state: "closed" }, staff, now, ops)).toEqual([]);
  });

  it("needs its operations registered", () => {
    const e = catchError(() => validateProcess(custom));
    expect(e.code).toBe("BAD_USER_INPUT");
    expect(e.details.field).toBe("process.transitions.1.guards.0.type");
  });
});

describe("process validation", () => {
  const base = (): ProcessDefinitionInput => JSON.parse(JSON.stringify(defaultB2cProcess)) as ProcessDefinitionInput;
  const fieldOf = (input: unknown) => {
    const e = catchError(() => validateProcess(input));
    expect(e.code).toBe("BAD_USER_INPUT");
    return e.details.field;
  };

  it("names the field of an unknown state in a transition", () => {
    const p = base();
    // transitions[2] is placed → fraud_review
    p.transitions[2]!.from = ["placed", "nowhere"];
    expect(fieldOf(p)).toBe("process.transitions.2.from.1");
    const q = base();
    q.transitions[0]!.to = "nowhere";
    expect(fieldOf(q)).toBe("process.transitions.0.to");
  });

  it("names an unreachable state", () => {
    const p = base();
    p.states.push({ code: "limbo", label: "Limbo" });
    expect(fieldOf(p)).toBe(`process.states.${p.states.length - 1}.code`);
  });

  it("requires an initial state that exists", () => {
    const p = base() as Partial<ProcessDefinitionInput>;
    delete p.initial;
    expect(fieldOf(p)).toBe("process.initial");
    expect(fieldOf({ ...base(), initial: "missing" })).toBe("process.initial");
  });

  it("refuses duplicate states, leaving a terminal state, duplicate edges and bad configs", () => {
    const dup = base();
    dup.states.push({ code: "placed", label: "Again" });
    expect(fieldOf(dup)).toBe(`process.states.${dup.states.length - 1}.code`);
    const term = base();
    term.transitions.push({ from: ["completed"], to: "placed" });
    expect(fieldOf(term)).toBe(`process.transitions.${term.transitions.length - 1}.from.0`);
    const edge = base();
    edge.transitions.push({ from: ["shipped"], to: "delivered" });
    expect(fieldOf(edge)).toBe(`process.transitions.${edge.transitions.length - 1}`);
    const cfg = base();
    cfg.transitions[0]!.effects = [{ type: "emit_event", config: { event: "Not An Event" } }];
    expect(fieldOf(cfg)).toBe("process.transitions.0.effects.0.config.event");
  });
});

