/** B2C customers: registration, own profile and addresses; staff back office with customers:* permissions. */
import { and, asc, eq, ilike, inArray, or } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../kernel/db";
import { conflict, notFound } from "../kernel/errors";
import type { Principal } from "../kernel/principal";
import { parseInput } from "../kernel/validation";
import { transactional, type Outbox } from "../events";
import type { AuthService, AuthTokens } from "../auth/auth.service";
import { findSubjectById } from "../auth/auth.repository";
import { hashPassword, PASSWORD_ITERATIONS } from "../auth/password-hash";
import { requireCustomer, requireStaffPermission } from "./access-policy";
import { addressInput, customerRegistrationInput, groupCode, updateCustomerProfileInput } from "./accounts.schema";
import { groupsByCodes, type AddressView, type GroupView } from "./accounts.repository";
import { addresses, customerGroupMembers, customerGroups, customers } from "./accounts.tables";

export interface CustomerView {
  id: string;
  email: string;
  name: string;
  phone: string | null;
  preferredCurrency: string | null;
  status: string;
  createdAt: Date;
  groups: GroupView[];
  addresses: AddressView[];
}

export interface CustomersDeps {
  db: Db;
  outbox: Outbox;
  now: Date;
  auth: AuthService;
  passwordIterations?: number;
}

const customerColumns = {
  id: customers.id,
  email: customers.email,
  name: customers.name,
  phone: customers.phone,
  preferredCurrency: customers.preferredCurrency,
  status: customers.status,
  createdAt: customers.createdAt,
};

export class CustomersService {
  constructor(private readonly deps: CustomersDeps) {}

  async register(input: unknown): Promise<AuthTokens> {
    const data = parseInput(customerRegistrationInput, input, "input");
    const passwordHash = await hashPassword(data.password, this.deps.passwordIterations ?? PASSWORD_ITERATIONS);
    const id = await transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      const [row] = await tx
        .insert(customers)
        .values({ email: data.email, name: data.name, phone: data.phone, preferredCurrency: data.preferredCurrency, passwordHash })
        .onConflictDoNothing({ target: customers.email })
        .returning({ id: customers.id });
      if (!row) throw conflict("An account with this email already exists", { field: "input.email" });
      await emit({ type: "customer.registered", aggregateType: "customer", aggregateId: row.id, payload: { email: data.email } });
      return row.id;
    });
    const subject = await findSubjectById(this.deps.db, "customer", id);
    return this.deps.auth.issue(this.deps.db, subject!, crypto.randomUUID());
  }

  /** Customer with groups and addresses: 3 queries per page of customers whatever its size. */
  private async views(ids: string[]): Promise<CustomerView[]> {
    if (!ids.length) return [];
    const rows = await this.deps.db.select(customerColumns).from(customers).where(inArray(customers.id, ids));
    const groups = await this.deps.db
      .select({ customerId: customerGroupMembers.customerId, id: customerGroups.id, code: customerGroups.code, name: customerGroups.name })
      .from(customerGroupMembers)
      .innerJoin(customerGroups, eq(customerGroups.id, customerGroupMembers.groupId))
      .where(inArray(customerGroupMembers.customerId, ids));
    const addrs = await this.deps.db.select().from(addresses).where(inArray(addresses.customerId, ids)).orderBy(asc(addresses.createdAt));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      return [
        {
          ...r,
          groups: groups.filter((g) => g.customerId === id).map(({ customerId: _c, ...g }) => g),
          addresses: addrs.filter((a) => a.customerId === id).map(({ createdAt: _a, ...a }) => a),
        },
      ];
    });
  }

  async me(p: Principal): Promise<CustomerView> {
    const c = requireCustomer(p);
    const [view] = await this.views([c.customerId]);
    if (!view) throw notFound("Customer");
    return view;
  }

  async updateProfile(p: Principal, input: unknown): Promise<CustomerView> {
    const c = requireCustomer(p);
    const data = parseInput(updateCustomerProfileInput, input, "input");
    await this.deps.db.update(customers).set({ ...data, updatedAt: this.deps.now }).where(eq(customers.id, c.customerId));
    return this.me(p);
  }

  async addAddress(p: Principal, input: unknown): Promise<AddressView> {
    const c = requireCustomer(p);
    const data = parseInput(addressInput, input, "input");
    const [row] = await this.deps.db.insert(addresses).values({ ...data, customerId: c.customerId }).returning();
    const { createdAt: _c, ...a } = row!;
    return a;
  }

  async removeAddress(p: Principal, id: string): Promise<boolean> {
    const c = requireCustomer(p);
    if (!z.uuid().safeParse(id).success) throw notFound("Address");
    const r = await this.deps.db
      .delete(addresses)
      .where(and(eq(addresses.id, id), eq(addresses.customerId, c.customerId)))
      .returning({ id: addresses.id });
    if (!r.length) throw notFound("Address");
    return true;
  }

  async list(p: Principal, search: string | null, first: number): Promise<CustomerView[]> {
    requireStaffPermission(p, "customers:read");
    const s = parseInput(z.string().max(100).nullable(), search, "search");
    const like = s ? `%${s.replace(/[%_\\]/g, (c) => `\\${c}`)}%` : null;
    const rows = await this.deps.db
      .select({ id: customers.id })
      .from(customers)
      .where(like ? or(ilike(customers.email, like), ilike(customers.name, like)) : undefined)
      .orderBy(asc(customers.email))
      .limit(Math.min(Math.max(first, 1), 100));
    return this.views(rows.map((r) => r.id));
  }

  async get(p: Principal, id: string): Promise<CustomerView> {
    requireStaffPermission(p, "customers:read");
    const [view] = z.uuid().safeParse(id).success ? await this.views([id]) : [];
    if (!view) throw notFound("Customer", id);
    return view;
  }

  async setGroups(p: Principal, id: string, codes: string[]): Promise<CustomerView> {
    requireStaffPermission(p, "customers:write");
    const parsed = parseInput(z.array(groupCode).max(50), codes, "groupCodes");
    await this.get({ kind: "staff", staffId: "", email: "", permissions: ["customers:read"] }, id);
    const groups = await groupsByCodes(this.deps.db, parsed);
    const missing = parsed.find((c) => !groups.some((g) => g.code === c));
    if (missing) throw notFound("Customer group", missing);
    await this.deps.db.transaction(async (tx) => {
      await tx.delete(customerGroupMembers).where(eq(customerGroupMembers.customerId, id));
      if (groups.length) await tx.insert(customerGroupMembers).values(groups.map((g) => ({ customerId: id, groupId: g.id })));
    });
    const [view] = await this.views([id]);
    return view!;
  }
}
