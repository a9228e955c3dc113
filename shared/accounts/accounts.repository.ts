import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../kernel/db";
import { ACCOUNT_STATUS_NAMES, canOrder } from "./account-status";
import {
  accountGroups,
  accounts,
  addresses,
  customerGroups,
  employees,
  locations,
  type AccountRow,
  type AddressRow,
  type EmployeeRow,
  type LocationRow,
} from "./accounts.tables";

export interface GroupView {
  id: string;
  code: string;
  name: string;
}
export type AddressView = Omit<AddressRow, "createdAt">;
export type EmployeeView = Omit<EmployeeRow, "passwordHash" | "createdAt" | "updatedAt">;
export interface LocationView extends Omit<LocationRow, "createdAt" | "updatedAt"> {
  addresses: AddressView[];
}
export interface AccountView extends AccountRow {
  statusName: string;
  canOrder: boolean;
  groups: GroupView[];
  locations: LocationView[];
  employees: EmployeeView[];
}

/** Columns of an employee that may leave the database (never the password hash). */
export const employeeColumns = {
  id: employees.id,
  accountId: employees.accountId,
  locationId: employees.locationId,
  email: employees.email,
  name: employees.name,
  role: employees.role,
  spendingLimit: employees.spendingLimit,
  spendingLimitCurrency: employees.spendingLimitCurrency,
  status: employees.status,
};

export async function findAccount(db: Executor, id: string): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id)).limit(1);
  return row;
}

export async function lockAccount(db: Executor, id: string): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id)).for("update").limit(1);
  return row;
}

/**
 * An account with what the caller may see, in 5 queries whatever its size: account, groups,
 * locations (limited to `locationScope` when given), their addresses, their employees.
 */
export async function loadAccountView(db: Executor, id: string, locationScope: string[] | null): Promise<AccountView | undefined> {
  const account = await findAccount(db, id);
  if (!account) return undefined;
  const groups = await db
    .select({ id: customerGroups.id, code: customerGroups.code, name: customerGroups.name })
    .from(accountGroups)
    .innerJoin(customerGroups, eq(customerGroups.id, accountGroups.groupId))
    .where(eq(accountGroups.accountId, id))
    .orderBy(asc(customerGroups.code));
  const locCond = locationScope ? and(eq(locations.accountId, id), inArray(locations.id, locationScope)) : eq(locations.accountId, id);
  const locs = await db.select().from(locations).where(locCond).orderBy(asc(locations.code));
  const locIds = locs.map((l) => l.id);
  const addrs = locIds.length ? await db.select().from(addresses).where(inArray(addresses.locationId, locIds)).orderBy(asc(addresses.createdAt)) : [];
  const emps = locIds.length
    ? await db.select(employeeColumns).from(employees).where(and(eq(employees.accountId, id), inArray(employees.locationId, locIds))).orderBy(asc(employees.email))
    : [];
  return {
    ...account,
    statusName: ACCOUNT_STATUS_NAMES[account.status] ?? String(account.status),
    canOrder: canOrder(account),
    groups,
    locations: locs.map(({ createdAt: _c, updatedAt: _u, ...l }) => ({
      ...l,
      addresses: addrs.filter((a) => a.locationId === l.id).map(({ createdAt: _a, ...a }) => a),
    })),
    employees: emps,
  };
}

export interface AccountListFilter {
  status?: number;
  search?: string;
  groupCode?: string;
  limit: number;
  offset: number;
}

export async function listAccounts(db: Executor, f: AccountListFilter): Promise<AccountRow[]> {
  const conds: SQL[] = [];
  if (f.status !== undefined) conds.push(eq(accounts.status, f.status));
  if (f.search) {
    const like = `%${f.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(accounts.name, like), ilike(accounts.taxId, like))!);
  }
  if (f.groupCode) {
    conds.push(
      sql`exists (select 1 from ${accountGroups} ag join ${customerGroups} g on g.id = ag.group_id where ag.account_id = ${accounts.id} and g.code = ${f.groupCode})`,
    );
  }
  return db
    .select()
    .from(accounts)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(accounts.createdAt), asc(accounts.id))
    .limit(f.limit)
    .offset(f.offset);
}

export async function findLocation(db: Executor, id: string): Promise<LocationRow | undefined> {
  const [row] = await db.select().from(locations).where(eq(locations.id, id)).limit(1);
  return row;
}

export async function findEmployee(db: Executor, id: string): Promise<EmployeeView | undefined> {
  const [row] = await db.select(employeeColumns).from(employees).where(eq(employees.id, id)).limit(1);
  return row;
}

export async function findAddress(db: Executor, id: string): Promise<AddressRow | undefined> {
  const [row] = await db.select().from(addresses).where(eq(addresses.id, id)).limit(1);
  return row;
}

export async function groupsByCodes(db: Executor, codes: string[]): Promise<GroupView[]> {
  if (!codes.length) return [];
  return db.select({ id: customerGroups.id, code: customerGroups.code, name: customerGroups.name }).from(customerGroups).where(inArray(customerGroups.code, codes));
}
