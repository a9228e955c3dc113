import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ChannelsService } from "../../../shared/channels";
import type { Outbox } from "../../../shared/events";
import { stockLevels } from "../../../shared/inventory";
import { OrderLifecycle, type ProcessDefinitionInput } from "../../../shared/orders";
import { withDb } from "../../helpers/db";
import { gql, staffToken, uniq } from "../../helpers/graphql";
import { stock } from "../../helpers/order-fixtures";
import { customer, orderBy, ORDER_FIELDS, variant } from "./orders-test-kit";

const SAVE = `mutation($d: JSON!) { saveOrderProcess(definition: $d) { code version name builtIn definition } }`;
const VERSIONS = `query($code: String!) { orderProcessVersions(code: $code) { code version name } }`;
const PROCESSES = `{ orderProcesses { code version builtIn } }`;
const OPERATIONS = `{ orderOperations { guards { code description configSchema } effects { code configSchema } } }`;
const TRANSITION = `mutation($id: ID!, $to: String!) { transitionOrder(id: $id, to: $to) { ${ORDER_FIELDS} } }`;
const FULFIL = `mutation($id: ID!, $lines: [FulfillmentLineInput!]!) { recordFulfillment(orderId: $id, lines: $lines) { state quantityFulfilled } }`;
const SHIP = `mutation($id: ID!, $lines: [FulfillmentLineInput!]!) { recordShipment(orderId: $id, lines: $lines) { state quantityShipped } }`;
const ORDER = `query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;

const staffOnly = [
  { type: "actor_kind", config: { kinds: ["staff", "system"] } },
  { type: "actor_permission", config: { permission: "orders:manage" } },
];

/** A warehouse-first process: orders are picked (staff only, up to 1,000.00) before fulfilment. */
function pickingProcess(code: string, name = "Pick before fulfilment"): ProcessDefinitionInput {
  return {
    code,
    name,
    initial: "draft",
    states: [
      { code: "draft", label: "Draft" },
      { code: "placed", label: "Placed" },
      { code: "picking", label: "Picking" },
      { code: "fulfilled", label: "Fulfilled" },
      { code: "shipped", label: "Shipped" },
      { code: "completed", label: "Completed", terminal: true },
      { code: "cancelled", label: "Cancelled", terminal: true },
    ],
    transitions: [
      { from: ["draft"], to: "placed", effects: [{ type: "reserve_inventory" }, { type: "emit_event", config: { event: "order.placed" } }] },
      { from: ["placed"], to: "picking", guards: [...staffOnly, { type: "total_at_most", config: { amountMinor: 100_000 } }] },
      { from: ["picking"], to: "fulfilled", guards: [{ type: "fulfillment", config: { is: "complete" } }] },
      { from: ["fulfilled"], to: "shipped", guards: [{ type: "all_shipped" }], effects: [{ type: "consume_inventory" }] },
      { from: ["shipped"], to: "completed" },
      { from: ["placed", "picking"], to: "cancelled", effects: [{ type: "release_inventory" }] },
    ],
  };
}

/** Version 2 of the same code drops the picking step. */
function withoutPicking(code: string): ProcessDefinitionInput {
  const p = pickingProcess(code, "Direct fulfilment");
  return {
    ...p,
    states: p.states.filter((s) => s.code !== "picking"),
    transitions: [
      p.transitions[0]!,
      { from: ["placed"], to: "fulfilled", guards: [{ type: "fulfillment", config: { is: "complete" } }] },
      p.transitions[3]!,
      p.transitions[4]!,
      { from: ["placed"], to: "cancelled", effects: [{ type: "release_inventory" }] },
    ],
  };
}

describe("order processes as data: admin", () => {
  it("refuses invalid definitions with errors naming the field, and saves nothing", async () => {
    const token = await staffToken(["orders:read", "orders:manage"]);
    const code = uniq("proc_");
    const cases: [ProcessDefinitionInput | Record<string, unknown>, string][] = [
      [{ ...pickingProcess(code), transitions: [...pickingProcess(code).transitions, { from: ["placed"], to: "nowhere" }] }, "definition.transitions.6.to"],
      [{ ...pickingProcess(code), transitions: pickingProcess(code).transitions.map((t, i) => (i === 1 ? { ...t, guards: [{ type: "moon_phase" }] } : t)) }, "definition.transitions.1.guards.0.type"],
      [
        { ...pickingProcess(code), transitions: pickingProcess(code).transitions.map((t, i) => (i === 1 ? { ...t, guards: [{ type: "total_at_most", config: { amountMinor: -5 } }] } : t)) },
        "definition.transitions.1.guards.0.config.amountMinor",
      ],
      [{ ...pickingProcess(code), transitions: pickingProcess(code).transitions.filter((t) => t.to !== "picking") }, "definition.states.2.code"],
      [{ ...pickingProcess(code), code: "default_b2c" }, "definition.code"],
      [{ ...pickingProcess(code), code: "Not Snake" }, "definition.code"],
    ];
    for (const [definition, field] of cases) {
      const r = await gql("admin", SAVE, { d: definition }, { token });
      expect(r.errors?.[0]?.extensions, field).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
    const none = await gql("admin", VERSIONS, { code }, { token });
    expect(none.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");

    const reader = await staffToken(["orders:read"]);
    const denied = await gql("admin", SAVE, { d: pickingProcess(code) }, { token: reader });
    expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await gql("admin", PROCESSES, {}, { token: await staffToken(["catalog:read"]) })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("saving creates version n+1; lists show built-ins and the latest version; operations publish their config schemas", async () => {
    const token = await staffToken(["orders:read", "orders:manage"]);
    const code = uniq("proc_");
    const v1 = await gql("admin", SAVE, { d: pickingProcess(code) }, { token });
    expect(v1.errors).toBeUndefined();
    expect(v1.data.saveOrderProcess).toMatchObject({ code, version: 1, builtIn: false });
    // defaults are filled in what is stored (terminal: false, empty guards)
    expect(v1.data.saveOrderProcess.definition.states[0]).toEqual({ code: "draft", label: "Draft", terminal: false });
    const v2 = await gql("admin", SAVE, { d: withoutPicking(code) }, { token });
    expect(v2.data.saveOrderProcess).toMatchObject({ code, version: 2, name: "Direct fulfilment" });

    const versions = await gql("admin", VERSIONS, { code }, { token });
    expect(versions.data.orderProcessVersions.map((v: any) => v.version)).toEqual([2, 1]);
    const list = (await gql("admin", PROCESSES, {}, { token })).data.orderProcesses;
    expect(list.filter((p: any) => p.builtIn).map((p: any) => p.code)).toEqual(["default_b2c", "default_b2b"]);
    expect(list.filter((p: any) => p.code === code)).toEqual([{ code, version: 2, builtIn: false }]);

    const ops = (await gql("admin", OPERATIONS, {}, { token })).data.orderOperations;
    const total = ops.guards.find((g: any) => g.code === "total_at_most");
    expect(total.configSchema.properties.amountMinor).toBeDefined();
    expect(ops.effects.map((e: any) => e.code)).toEqual(expect.arrayContaining(["reserve_inventory", "release_inventory", "consume_inventory", "notify"]));
  });
});

describe("order processes as data: a custom process is followed", () => {
  it("a channel cannot name an order process that does not exist (create and update)", async () => {
    const token = await staffToken(["channels:write"]);
    const channelCode = uniq("np-").toLowerCase();
    const missing = uniq("nope_");
    const input = { code: channelCode, name: "No process", commerceMode: "b2c", loginWallMode: "open", baseCurrency: "USD", supportedCurrencies: ["USD"] };
    const refused = await gql("admin", `mutation($input: CreateChannelInput!) { createChannel(input: $input) { code } }`, { input: { ...input, strategies: { orderProcess: missing } } }, { token });
    expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(refused.errors?.[0]?.extensions?.field).toBe("input.strategies.orderProcess");
    const created = await gql("admin", `mutation($input: CreateChannelInput!) { createChannel(input: $input) { code strategies } }`, { input }, { token });
    expect(created.data.createChannel.strategies.orderProcess).toBe("default");
    const update = await gql(
      "admin",
      `mutation($code: String!, $input: UpdateChannelInput!) { updateChannel(code: $code, input: $input) { code } }`,
      { code: channelCode, input: { strategies: { orderProcess: missing } } },
      { token },
    );
    expect(update.errors?.[0]?.extensions?.field).toBe("input.strategies.orderProcess");
    const kept = await withDb(async ({ db }) => new ChannelsService({ db, outbox: {} as Outbox, now: new Date() }).get(channelCode));
    expect(kept.strategies.orderProcess).toBe("default");
  });

  it("a channel names the process; orders follow the version they were placed under, through picking, with guards and effects", async () => {
    const token = await staffToken(["orders:read", "orders:manage", "channels:write"]);
    const code = uniq("pick_");
    await gql("admin", SAVE, { d: pickingProcess(code) }, { token });

    // a channel points at it; new orders resolve to its latest version
    const channelCode = uniq("pc-").toLowerCase();
    const created = await gql(
      "admin",
      `mutation($input: CreateChannelInput!) { createChannel(input: $input) { code strategies } }`,
      { input: { code: channelCode, name: "Picking channel", commerceMode: "b2c", loginWallMode: "open", baseCurrency: "USD", supportedCurrencies: ["USD"], strategies: { orderProcess: code } } },
      { token },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data.createChannel.strategies.orderProcess).toBe(code);
    await gql("admin", SAVE, { d: withoutPicking(code) }, { token });
    const resolved = await withDb(async ({ db }) => {
      const channel = await new ChannelsService({ db, outbox: {} as Outbox, now: new Date() }).get(channelCode);
      const lifecycle = new OrderLifecycle({ payments: { totals: async () => new Map() }, effects: {} });
      return lifecycle.resolveProcess(db, channel, "customer");
    });
    expect({ code: resolved.code, version: resolved.version }).toEqual({ code, version: 2 });

    // an order placed under version 1 keeps picking even though version 2 dropped it
    const { variantId } = await variant();
    const warehouseId = await stock(variantId, 5);
    const buyer = await customer();
    const order = await orderBy(buyer, [{ variantId, quantity: 2, unitPrice: 4_000 }], { state: "draft", processCode: code, processVersion: 1 });
    const placed = await gql("admin", TRANSITION, { id: order.id, to: "placed" }, { token });
    expect(placed.errors).toBeUndefined();
    const level = async () => withDb(async ({ db }) => (await db.select().from(stockLevels).where(eq(stockLevels.warehouseId, warehouseId)))[0]!);
    expect(await level()).toMatchObject({ onHand: 5, reserved: 2 });
    expect([...placed.data.transitionOrder.allowedTransitions].sort()).toEqual(["cancelled", "picking"]);

    // the buyer is offered only cancelling (picking is staff-only)
    const shopView = await gql("shop", ORDER, { id: order.id }, { channel: "b2c", token: buyer.token });
    expect(shopView.data.order.allowedTransitions).toEqual(["cancelled"]);

    const skip = await gql("admin", TRANSITION, { id: order.id, to: "fulfilled" }, { token });
    expect(skip.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect([...skip.errors![0]!.extensions!.allowed].sort()).toEqual(["cancelled", "picking"]);

    const picking = await gql("admin", TRANSITION, { id: order.id, to: "picking" }, { token });
    expect(picking.data.transitionOrder.state).toBe("picking");
    const line = picking.data.transitionOrder.lines[0].id;
    expect((await gql("admin", FULFIL, { id: order.id, lines: [{ lineId: line, quantity: 2 }] }, { token })).data.recordFulfillment).toEqual({ state: "fulfilled", quantityFulfilled: 2 });
    expect((await gql("admin", SHIP, { id: order.id, lines: [{ lineId: line, quantity: 2 }] }, { token })).data.recordShipment).toEqual({ state: "shipped", quantityShipped: 2 });
    expect(await level()).toMatchObject({ onHand: 3, reserved: 0 });
    const trail = (await gql("admin", ORDER, { id: order.id }, { token })).data.order.transitions.map((t: any) => `${t.from}>${t.to}`);
    expect(trail).toEqual(["draft>placed", "placed>picking", "picking>fulfilled", "fulfilled>shipped"]);

    // the process's guard: an order over 1,000.00 is never picked
    const big = await orderBy(buyer, [{ variantId, quantity: 1, unitPrice: 100_001 }], { processCode: code, processVersion: 1 });
    const refused = await gql("admin", TRANSITION, { id: big.id, to: "picking" }, { token });
    expect(refused.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(refused.errors?.[0]?.message).toMatch(/order total exceeds 100000/);
    expect(refused.errors?.[0]?.extensions?.allowed).toEqual(["cancelled"]);

    // a version-2 order has no picking state at all
    const v2order = await orderBy(buyer, [{ variantId, quantity: 1, unitPrice: 100 }], { processCode: code, processVersion: 2 });
    const v2 = await gql("admin", ORDER, { id: v2order.id }, { token });
    expect(v2.data.order.allowedTransitions).toEqual(["cancelled"]);
    const noPicking = await gql("admin", TRANSITION, { id: v2order.id, to: "picking" }, { token });
    expect(noPicking.errors?.[0]?.extensions?.code).toBe("CONFLICT");
  });
});
