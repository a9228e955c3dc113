/** Staff members and roles → permissions (admin API, staff:* permissions). */
import { asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../kernel/db";
import { badInput, conflict } from "../kernel/errors";
import type { Principal } from "../kernel/principal";
import { parseInput } from "../kernel/validation";
import { hashPassword, PASSWORD_ITERATIONS } from "../auth/password-hash";
import { requireStaffPermission } from "./access-policy";
import { email, password } from "./accounts.schema";
import { roles, staff, staffRoles } from "./accounts.tables";

export interface StaffView {
  id: string;
  email: string;
  name: string;
  status: string;
  totpEnabled: boolean;
  roleCodes: string[];
}
export interface RoleView {
  id: string;
  code: string;
  name: string;
  permissions: string[];
}

const permission = z.string().regex(/^(\*|[a-z_]+:(\*|[a-z_]+))$/, 'must look like "area:action", "area:*" or "*"');
const createRoleInput = z.object({ code: z.string().regex(/^[a-z0-9_-]{2,50}$/), name: z.string().min(1).max(100), permissions: z.array(permission).max(100) });
const createStaffInput = z.object({ email, name: z.string().trim().min(1).max(200), password, roleCodes: z.array(z.string()).max(20) });

export class StaffService {
  constructor(private readonly deps: { db: Db; now: Date; passwordIterations?: number }) {}

  async listRoles(p: Principal): Promise<RoleView[]> {
    requireStaffPermission(p, "staff:read");
    return this.deps.db.select({ id: roles.id, code: roles.code, name: roles.name, permissions: roles.permissions }).from(roles).orderBy(asc(roles.code));
  }

  async createRole(p: Principal, input: unknown): Promise<RoleView> {
    requireStaffPermission(p, "staff:write");
    const data = parseInput(createRoleInput, input, "input");
    const [row] = await this.deps.db
      .insert(roles)
      .values(data)
      .onConflictDoNothing({ target: roles.code })
      .returning({ id: roles.id, code: roles.code, name: roles.name, permissions: roles.permissions });
    if (!row) throw conflict(`A role with code "${data.code}" already exists`, { field: "input.code" });
    return row;
  }

  /** Staff list with role codes in 2 queries; password hashes and TOTP seeds are never selected. */
  async list(p: Principal): Promise<StaffView[]> {
    requireStaffPermission(p, "staff:read");
    const rows = await this.deps.db
      .select({ id: staff.id, email: staff.email, name: staff.name, status: staff.status, totpEnabled: staff.totpEnabled })
      .from(staff)
      .orderBy(asc(staff.email));
    const links = rows.length
      ? await this.deps.db
          .select({ staffId: staffRoles.staffId, code: roles.code })
          .from(staffRoles)
          .innerJoin(roles, eq(roles.id, staffRoles.roleId))
          .where(inArray(staffRoles.staffId, rows.map((r) => r.id)))
      : [];
    return rows.map((r) => ({ ...r, roleCodes: links.filter((l) => l.staffId === r.id).map((l) => l.code).sort() }));
  }

  async create(p: Principal, input: unknown): Promise<StaffView> {
    requireStaffPermission(p, "staff:write");
    const data = parseInput(createStaffInput, input, "input");
    const found = data.roleCodes.length ? await this.deps.db.select({ id: roles.id, code: roles.code }).from(roles).where(inArray(roles.code, data.roleCodes)) : [];
    if (found.length !== new Set(data.roleCodes).size) throw badInput("Unknown role code", "input.roleCodes");
    const passwordHash = await hashPassword(data.password, this.deps.passwordIterations ?? PASSWORD_ITERATIONS);
    return this.deps.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(staff)
        .values({ email: data.email, name: data.name, passwordHash })
        .onConflictDoNothing({ target: staff.email })
        .returning({ id: staff.id, email: staff.email, name: staff.name, status: staff.status, totpEnabled: staff.totpEnabled });
      if (!row) throw conflict("A staff member with this email already exists", { field: "input.email" });
      if (found.length) await tx.insert(staffRoles).values(found.map((r) => ({ staffId: row.id, roleId: r.id })));
      return { ...row, roleCodes: found.map((r) => r.code).sort() };
    });
  }
}
