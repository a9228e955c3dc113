/**
 * Buyers and orders for the order-management tests: real accounts, locations, employees and
 * customers rows (orders reference them), tokens for them, and the GraphQL selections used.
 */
import { employees, customers } from "../../../shared/accounts";
import { withDb } from "../../helpers/db";
import { createAccount, createVariant, channelId } from "../../helpers/fixtures";
import { tokenFor, uniq } from "../../helpers/graphql";
import { insertOrder, type FixtureOrder } from "../../helpers/order-fixtures";

export interface Buyer {
  token: string;
  kind: "customer" | "employee";
  id: string;
  email: string;
  accountId: string | null;
  locationId: string | null;
}

export async function customer(): Promise<Buyer> {
  const email = `${uniq("cust")}@example.test`;
  const id = await withDb(async ({ db }) => (await db.insert(customers).values({ email, name: "Customer", passwordHash: "x" }).returning({ id: customers.id }))[0]!.id);
  return { kind: "customer", id, email, accountId: null, locationId: null, token: await tokenFor({ kind: "customer", customerId: id, email, groupIds: [] }) };
}

export async function employee(accountId: string, locationId: string, role: "admin" | "buyer" | "approver" | "viewer"): Promise<Buyer> {
  const email = `${uniq("emp")}@acme.test`;
  const id = await withDb(
    async ({ db }) => (await db.insert(employees).values({ accountId, locationId, email, name: "Employee", role }).returning({ id: employees.id }))[0]!.id,
  );
  return { kind: "employee", id, email, accountId, locationId, token: await tokenFor({ kind: "employee", employeeId: id, accountId, locationId, role, email, groupIds: [] }) };
}

/** An account with two locations (active status) — its ids. */
export const account = () => createAccount({ status: 9 });

export async function variant() {
  return createVariant({ channels: ["b2b", "b2c"] });
}

/** An order by this buyer in `channel` (b2c for customers, b2b for employees by default). */
export async function orderBy(b: Buyer, lines: FixtureOrder["lines"], extra: Partial<FixtureOrder> = {}) {
  const channel = extra.channelId ?? (await channelId(b.kind === "customer" ? "b2c" : "b2b"));
  return insertOrder({
    channelId: channel,
    buyerKind: b.kind,
    customerId: b.kind === "customer" ? b.id : null,
    employeeId: b.kind === "employee" ? b.id : null,
    accountId: b.accountId,
    locationId: b.locationId,
    email: b.email,
    state: "placed",
    lines,
    ...extra,
  });
}

export const ORDER_FIELDS = `
  id number state processCode processVersion buyerKind total currency email quantityOrdered quantityFulfilled quantityShipped
  lines { id sku quantity unitPrice lineTotal priceSource quantityFulfilled quantityShipped }
  transitions { from to actorKind actorId reason at }
  payment { method authorized captured outstanding }
  allowedTransitions
`;
