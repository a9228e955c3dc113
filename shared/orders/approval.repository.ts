/**
 * Reads and small writes of the approval flow. Each function is one round trip.
 */
import { and, asc, eq, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import { accounts, employees, staff } from "../accounts/accounts.tables";
import type { Executor, Tx } from "../kernel/db";
import { approvingRoles, escalationRoles } from "./approval-rules";
import { orders, type OrderRow } from "./orders.tables";

export interface Recipient {
  kind: "employee" | "staff";
  id: string;
  email: string;
  role: string;
}

export async function lockOrder(tx: Tx, orderId: string): Promise<OrderRow | undefined> {
  const [row] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
  return row;
}

export async function readOrder(db: Executor, orderId: string): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.id, orderId));
  return row;
}

/** Merges flags into the order (jsonb ||), e.g. `approved` while PO review is still due. */
export async function mergeOrderFlags(tx: Tx, orderId: string, flags: Readonly<Record<string, boolean>>, now: Date): Promise<void> {
  await tx
    .update(orders)
    .set({ flags: sql`${orders.flags} || ${JSON.stringify(flags)}::jsonb`, version: sql`${orders.version} + 1`, updatedAt: now })
    .where(eq(orders.id, orderId));
}

export async function setApprovalInstance(tx: Tx, orderId: string, instanceId: string): Promise<void> {
  await tx.update(orders).set({ approvalInstanceId: instanceId }).where(eq(orders.id, orderId));
}

/** Active employees who may approve this order: account-wide approvers and its location's, never its buyer. */
export async function approversFor(db: Executor, order: Pick<OrderRow, "accountId" | "locationId" | "employeeId">): Promise<Recipient[]> {
  if (!order.accountId) return [];
  const { accountWide, locationScoped } = approvingRoles();
  const scoped: SQL[] = [inArray(employees.role, accountWide)];
  if (order.locationId && locationScoped.length > 0) scoped.push(and(inArray(employees.role, locationScoped), eq(employees.locationId, order.locationId))!);
  const rows = await db
    .select({ id: employees.id, email: employees.email, role: employees.role })
    .from(employees)
    .where(and(eq(employees.accountId, order.accountId), eq(employees.status, "active"), order.employeeId ? ne(employees.id, order.employeeId) : undefined, or(...scoped)))
    .orderBy(asc(employees.email));
  return rows.map((r) => ({ kind: "employee" as const, ...r }));
}

/** Escalation goes to the account's admins (not the buyer) and its sales rep, if it has one. One query. */
export async function escalationRecipientsFor(db: Executor, order: Pick<OrderRow, "accountId" | "employeeId">): Promise<Recipient[]> {
  if (!order.accountId) return [];
  const rows = await db.execute<{ kind: "employee" | "staff"; id: string; email: string; role: string }>(sql`
    select 'employee' as kind, e.id::text as id, e.email, e.role
      from ${employees} e
     where e.account_id = ${order.accountId} and e.status = 'active'
       and e.role in (${sql.join(escalationRoles().map((r) => sql`${r}`), sql`, `)})
       ${order.employeeId ? sql`and e.id <> ${order.employeeId}` : sql``}
    union all
    select 'staff' as kind, s.id::text as id, s.email, 'sales_rep' as role
      from ${accounts} a join ${staff} s on s.id = a.sales_rep_staff_id
     where a.id = ${order.accountId}
     order by 1, 3`);
  return [...(rows as unknown as Recipient[])];
}

export interface PendingApprovalRow {
  id: string;
  number: number;
  channelId: string;
  locationId: string | null;
  employeeId: string | null;
  total: number;
  currency: string;
  approvalReason: string | null;
  createdAt: Date;
}

/**
 * Orders in pending_approval this employee may decide: its account, its location unless its role
 * sees the whole account, not its own, not already approved (those wait for PO review). One query.
 */
export async function pendingApprovalsFor(
  db: Executor,
  who: { accountId: string; employeeId: string; locationIds: string[] | null },
  limit: number,
): Promise<PendingApprovalRow[]> {
  return db
    .select({
      id: orders.id,
      number: orders.number,
      channelId: orders.channelId,
      locationId: orders.locationId,
      employeeId: orders.employeeId,
      total: orders.total,
      currency: orders.currency,
      approvalReason: orders.approvalReason,
      createdAt: orders.createdAt,
    })
    .from(orders)
    .where(
      and(
        eq(orders.state, "pending_approval"),
        eq(orders.accountId, who.accountId),
        eq(orders.buyerKind, "employee"),
        who.locationIds ? inArray(orders.locationId, who.locationIds) : undefined,
        sql`${orders.employeeId} is distinct from ${who.employeeId}`,
        sql`coalesce((${orders.flags} ->> 'approved')::boolean, false) = false`,
      ),
    )
    .orderBy(asc(orders.createdAt), asc(orders.number))
    .limit(limit);
}
