/**
 * B2B accounts: the buyer's own view and self-service (account admins manage their locations,
 * employees, roles and addresses) and the staff back office. Every method authorizes against the
 * principal first; ids of other accounts or out-of-scope locations read as NOT_FOUND.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../kernel/db";
import { conflict, notFound } from "../kernel/errors";
import type { Principal } from "../kernel/principal";
import { parseInput } from "../kernel/validation";
import { transactional, type Outbox } from "../events";
import type { AuthService } from "../auth/auth.service";
import { DEFAULT_LIFETIMES } from "../auth/refresh-rotation";
import {
  assertLocationVisible,
  requireAccountAdmin,
  requireEmployee,
  requireStaffPermission,
  visibleLocationIds,
} from "./access-policy";
import { assertTransition } from "./account-status";
import {
  addressInput,
  createGroupInput,
  inviteEmployeeInput,
  locationInput,
  updateAccountInput,
  updateEmployeeInput,
  updateLocationInput,
} from "./accounts.schema";
import {
  findAddress,
  findEmployee,
  findLocation,
  groupsByCodes,
  listAccounts,
  loadAccountView,
  lockAccount,
  employeeColumns,
  type AccountView,
  type AddressView,
  type EmployeeView,
  type GroupView,
  type LocationView,
} from "./accounts.repository";
import { accountGroups, accounts, addresses, customerGroups, employees, locations, type AccountRow } from "./accounts.tables";
import { groupCode } from "./accounts.schema";
import { z } from "zod";

export interface AccountsDeps {
  db: Db;
  outbox: Outbox;
  now: Date;
  auth: AuthService;
}

const listArgs = z.object({
  status: z.number().int().min(0).max(11).optional(),
  search: z.string().max(100).optional(),
  groupCode: groupCode.optional(),
  first: z.number().int().min(1).max(100).default(25),
  offset: z.number().int().min(0).default(0),
});

export class AccountsService {
  constructor(private readonly deps: AccountsDeps) {}

  // ── buyer (shop API) ────────────────────────────────────────────────────────────────────

  async myAccount(p: Principal): Promise<AccountView> {
    const e = requireEmployee(p);
    const view = await loadAccountView(this.deps.db, e.accountId, visibleLocationIds(e));
    if (!view) throw notFound("Account");
    return view;
  }

  async createLocation(p: Principal, input: unknown): Promise<LocationView> {
    const admin = requireAccountAdmin(p);
    const data = parseInput(locationInput, input, "input");
    const [row] = await this.deps.db
      .insert(locations)
      .values({ ...data, accountId: admin.accountId })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict(`A location with code "${data.code}" already exists`, { field: "input.code" });
    const { createdAt: _c, updatedAt: _u, ...l } = row;
    return { ...l, addresses: [] };
  }

  async updateLocation(p: Principal, id: string, input: unknown): Promise<LocationView> {
    const admin = requireAccountAdmin(p);
    const data = parseInput(updateLocationInput, input, "input");
    assertLocationVisible(admin, await findLocation(this.deps.db, id));
    await this.deps.db.update(locations).set({ ...data, updatedAt: this.deps.now }).where(and(eq(locations.id, id), eq(locations.accountId, admin.accountId)));
    return this.locationOf(admin.accountId, id);
  }

  private async locationOf(accountId: string, id: string): Promise<LocationView> {
    const view = await loadAccountView(this.deps.db, accountId, [id]);
    const loc = view?.locations[0];
    if (!loc) throw notFound("Location");
    return loc;
  }

  async addLocationAddress(p: Principal, locationId: string, input: unknown): Promise<AddressView> {
    const admin = requireAccountAdmin(p);
    const data = parseInput(addressInput, input, "input");
    assertLocationVisible(admin, await findLocation(this.deps.db, locationId));
    const [row] = await this.deps.db.insert(addresses).values({ ...data, locationId }).returning();
    const { createdAt: _c, ...a } = row!;
    return a;
  }

  async removeAddress(p: Principal, id: string): Promise<boolean> {
    const admin = requireAccountAdmin(p);
    const addr = await findAddress(this.deps.db, id);
    if (!addr?.locationId) throw notFound("Address");
    assertLocationVisible(admin, await findLocation(this.deps.db, addr.locationId));
    await this.deps.db.delete(addresses).where(eq(addresses.id, id));
    return true;
  }

  /**
   * Creates the employee as "invited" with no password and emits employee.invited carrying a
   * single-use invitation token (for the mailer); accepting it is resetPassword(token, password).
   */
  async inviteEmployee(p: Principal, input: unknown): Promise<EmployeeView> {
    const admin = requireAccountAdmin(p);
    const data = parseInput(inviteEmployeeInput, input, "input");
    assertLocationVisible(admin, await findLocation(this.deps.db, data.locationId));
    return transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      const [row] = await tx
        .insert(employees)
        .values({ ...data, accountId: admin.accountId, status: "invited", passwordHash: null })
        .onConflictDoNothing({ target: employees.email })
        .returning(employeeColumns);
      if (!row) throw conflict("An employee with this email already exists", { field: "input.email" });
      const token = await this.deps.auth.createResetToken(tx, "employee", row.id, DEFAULT_LIFETIMES.invitationSeconds);
      await emit({
        type: "employee.invited",
        aggregateType: "account",
        aggregateId: admin.accountId,
        payload: { employeeId: row.id, email: row.email, role: row.role, locationId: row.locationId, invitedBy: admin.employeeId, token },
      });
      return row;
    });
  }

  async updateEmployee(p: Principal, id: string, input: unknown): Promise<EmployeeView> {
    const admin = requireAccountAdmin(p);
    const data = parseInput(updateEmployeeInput, input, "input");
    const current = await findEmployee(this.deps.db, id);
    if (!current || current.accountId !== admin.accountId) throw notFound("Employee");
    if (data.locationId) assertLocationVisible(admin, await findLocation(this.deps.db, data.locationId));
    const [row] = await this.deps.db
      .update(employees)
      .set({ ...data, updatedAt: this.deps.now })
      .where(and(eq(employees.id, id), eq(employees.accountId, admin.accountId)))
      .returning(employeeColumns);
    if (!row) throw notFound("Employee");
    return row;
  }

  // ── staff (admin API) ───────────────────────────────────────────────────────────────────

  async list(p: Principal, args: unknown): Promise<AccountRow[]> {
    requireStaffPermission(p, "accounts:read");
    const a = parseInput(listArgs, args);
    return listAccounts(this.deps.db, { status: a.status, search: a.search, groupCode: a.groupCode, limit: a.first, offset: a.offset });
  }

  async get(p: Principal, id: string): Promise<AccountView> {
    requireStaffPermission(p, "accounts:read");
    const view = z.uuid().safeParse(id).success ? await loadAccountView(this.deps.db, id, null) : undefined;
    if (!view) throw notFound("Account", id);
    return view;
  }

  async update(p: Principal, id: string, input: unknown): Promise<AccountView> {
    requireStaffPermission(p, "accounts:write");
    const data = parseInput(updateAccountInput, input, "input");
    await this.requireAccount(id);
    await this.deps.db.update(accounts).set({ ...data, updatedAt: this.deps.now }).where(eq(accounts.id, id));
    return this.get(p, id);
  }

  private async requireAccount(id: string): Promise<void> {
    if (!z.uuid().safeParse(id).success) throw notFound("Account", id);
    const [row] = await this.deps.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, id)).limit(1);
    if (!row) throw notFound("Account", id);
  }

  /** Manual status change by staff (suspend, reactivate, close…), validated by the transition table. */
  async setStatus(p: Principal, id: string, status: number, reason: string | null): Promise<AccountView> {
    const s = requireStaffPermission(p, "accounts:write");
    await this.requireAccount(id);
    await changeAccountStatus(this.deps.db, this.deps.outbox, this.deps.now, id, status, { by: `staff:${s.staffId}`, reason });
    return this.get(p, id);
  }

  async setGroups(p: Principal, id: string, codes: string[]): Promise<AccountView> {
    requireStaffPermission(p, "accounts:write");
    const parsed = parseInput(z.array(groupCode).max(50), codes, "groupCodes");
    await this.requireAccount(id);
    const groups = await groupsByCodes(this.deps.db, parsed);
    const unknown = parsed.filter((c) => !groups.some((g) => g.code === c));
    if (unknown.length) throw notFound("Customer group", unknown[0]);
    await this.deps.db.transaction(async (tx) => {
      await tx.delete(accountGroups).where(eq(accountGroups.accountId, id));
      if (groups.length) await tx.insert(accountGroups).values(groups.map((g) => ({ accountId: id, groupId: g.id })));
    });
    return this.get(p, id);
  }

  async listGroups(p: Principal): Promise<GroupView[]> {
    requireStaffPermission(p, "accounts:read");
    return this.deps.db.select({ id: customerGroups.id, code: customerGroups.code, name: customerGroups.name }).from(customerGroups).orderBy(customerGroups.code);
  }

  async createGroup(p: Principal, input: unknown): Promise<GroupView> {
    requireStaffPermission(p, "accounts:write");
    const data = parseInput(createGroupInput, input, "input");
    const [row] = await this.deps.db
      .insert(customerGroups)
      .values(data)
      .onConflictDoNothing({ target: customerGroups.code })
      .returning({ id: customerGroups.id, code: customerGroups.code, name: customerGroups.name });
    if (!row) throw conflict(`A customer group with code "${data.code}" already exists`, { field: "input.code" });
    return row;
  }
}

/**
 * The one place an account's status changes: locks the row, checks the transition table, writes
 * the account.status_changed event in the same transaction. A repeat of the current status is a
 * no-op (so workflow steps can be replayed after a restart).
 */
export async function changeAccountStatus(
  db: Db,
  outbox: Outbox,
  now: Date,
  accountId: string,
  to: number,
  meta: { by: string; reason?: string | null },
): Promise<{ from: number; to: number; changed: boolean }> {
  return transactional(db, outbox, async (tx, emit) => {
    const acc = await lockAccount(tx, accountId);
    if (!acc) throw notFound("Account", accountId);
    if (acc.status === to) return { from: to, to, changed: false };
    assertTransition(acc.status, to);
    await tx.update(accounts).set({ status: to, updatedAt: now }).where(eq(accounts.id, accountId));
    await emit({
      type: "account.status_changed",
      aggregateType: "account",
      aggregateId: accountId,
      payload: { from: acc.status, to, by: meta.by, reason: meta.reason ?? null },
    });
    return { from: acc.status, to, changed: true };
  });
}
