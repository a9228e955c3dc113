import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { withDb } from "../../helpers/db";
import { gql } from "../../helpers/graphql";
import { fillCart, goods, newCustomers, PLACE, placeInput } from "./checkout-kit";

it("places exactly 10 orders when 50 buyers check out the last 10 units at once; the other 40 get out_of_stock", async () => {
  const [last] = await goods(1, { channels: ["b2c"], unitPrice: 900, onHand: 10 });
  const buyers = await newCustomers(50);
  // every buyer has the variant in its own cart (carts built before the race)
  const carts = await Promise.all(buyers.map((b) => fillCart(b.token, "b2c", [{ variantId: last!.variantId, quantity: 1 }])));
  const results = await Promise.all(buyers.map((b, i) => gql("shop", PLACE, { i: placeInput(carts[i]!, { payment: { method: "manual", input: {} } }) }, { channel: "b2c", token: b.token })));

  const placed = results.filter((r) => !r.errors);
  const refused = results.filter((r) => r.errors);
  expect(placed.length).toBe(10);
  expect(refused.length).toBe(40);
  for (const r of refused) {
    expect(r.errors![0]!.extensions).toMatchObject({ code: "CONFLICT", reason: "out_of_stock", lines: [{ variantId: last!.variantId, requested: 1 }] });
  }
  expect(new Set(placed.map((r) => r.data.placeOrder.orderId)).size).toBe(10);

  const [state] = await withDb(async ({ db }) => [
    ...(await db.execute<{ on_hand: number; reserved: number; orders: number; payments: number; reservations: number }>(sql`
      select (select sum(on_hand)::int from stock_levels where variant_id = ${last!.variantId}) as on_hand,
             (select sum(reserved)::int from stock_levels where variant_id = ${last!.variantId}) as reserved,
             (select count(*)::int from orders o join order_lines l on l.order_id = o.id where l.variant_id = ${last!.variantId}) as orders,
             (select count(*)::int from payments p join order_lines l on l.order_id = p.order_id where l.variant_id = ${last!.variantId}) as payments,
             (select count(*)::int from stock_reservations where variant_id = ${last!.variantId} and status = 'reserved') as reservations`)),
  ]);
  expect(state).toEqual({ on_hand: 10, reserved: 10, orders: 10, payments: 10, reservations: 10 });
}, 120_000);
