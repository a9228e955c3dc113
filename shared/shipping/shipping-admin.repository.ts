import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../kernel/db";
import {
  boxAssignments, boxTemplates, shippingMethods, shippingProviders, shippingZoneMethods, shippingZoneRegions, shippingZones,
  type BoxTemplateRow, type ShippingMethodRow, type ShippingProviderRow,
} from "./shipping.tables";

export interface BoxView extends BoxTemplateRow {
  providerCodes: string[];
  methodCodes: string[];
}

export interface MethodView extends ShippingMethodRow {
  providerCode: string;
  /** the method's own boxes; empty = it uses its provider's */
  boxCodes: string[];
}

export interface ProviderView extends ShippingProviderRow {
  boxCodes: string[];
}

export interface ZoneView {
  id: string;
  channelCode: string;
  code: string;
  name: string;
  regions: { countryCode: string; subdivisionCode: string | null; postalPatterns: string[] }[];
  methodCodes: string[];
}

/** Assignments of all boxes, by box id: one statement. */
async function assignmentsByBox(db: Executor, boxIds: string[] | null): Promise<Map<string, { providers: string[]; methods: string[] }>> {
  const rows = await db
    .select({ boxId: boxAssignments.boxId, provider: shippingProviders.code, method: shippingMethods.code })
    .from(boxAssignments)
    .leftJoin(shippingProviders, eq(shippingProviders.id, boxAssignments.providerId))
    .leftJoin(shippingMethods, eq(shippingMethods.id, boxAssignments.methodId))
    .where(boxIds ? inArray(boxAssignments.boxId, boxIds) : sql`true`);
  const out = new Map<string, { providers: string[]; methods: string[] }>();
  for (const r of rows) {
    const e = out.get(r.boxId) ?? { providers: [], methods: [] };
    if (r.provider) e.providers.push(r.provider);
    if (r.method) e.methods.push(r.method);
    out.set(r.boxId, e);
  }
  for (const e of out.values()) e.providers.sort(), e.methods.sort();
  return out;
}

export async function listBoxes(db: Executor, codes?: string[]): Promise<BoxView[]> {
  const boxes = await db.select().from(boxTemplates).where(codes ? inArray(boxTemplates.code, codes) : sql`true`).orderBy(asc(boxTemplates.code));
  if (boxes.length === 0) return [];
  const a = await assignmentsByBox(db, boxes.map((b) => b.id));
  return boxes.map((b) => ({ ...b, providerCodes: a.get(b.id)?.providers ?? [], methodCodes: a.get(b.id)?.methods ?? [] }));
}

export async function listProviders(db: Executor, codes?: string[]): Promise<ProviderView[]> {
  const rows = await db.select().from(shippingProviders).where(codes ? inArray(shippingProviders.code, codes) : sql`true`).orderBy(asc(shippingProviders.code));
  if (rows.length === 0) return [];
  const boxes = await db
    .select({ providerId: boxAssignments.providerId, code: boxTemplates.code })
    .from(boxAssignments)
    .innerJoin(boxTemplates, eq(boxTemplates.id, boxAssignments.boxId))
    .where(inArray(boxAssignments.providerId, rows.map((r) => r.id)))
    .orderBy(asc(boxTemplates.code));
  return rows.map((r) => ({ ...r, boxCodes: boxes.filter((b) => b.providerId === r.id).map((b) => b.code) }));
}

export async function listMethods(db: Executor, filter: { codes?: string[]; providerIds?: string[] } = {}): Promise<MethodView[]> {
  const where = filter.codes ? inArray(shippingMethods.code, filter.codes) : filter.providerIds ? inArray(shippingMethods.providerId, filter.providerIds) : sql`true`;
  const rows = await db
    .select({ m: shippingMethods, providerCode: shippingProviders.code })
    .from(shippingMethods)
    .innerJoin(shippingProviders, eq(shippingProviders.id, shippingMethods.providerId))
    .where(where)
    .orderBy(asc(shippingMethods.code));
  if (rows.length === 0) return [];
  const boxes = await db
    .select({ methodId: boxAssignments.methodId, code: boxTemplates.code })
    .from(boxAssignments)
    .innerJoin(boxTemplates, eq(boxTemplates.id, boxAssignments.boxId))
    .where(inArray(boxAssignments.methodId, rows.map((r) => r.m.id)))
    .orderBy(asc(boxTemplates.code));
  return rows.map((r) => ({ ...r.m, providerCode: r.providerCode, boxCodes: boxes.filter((b) => b.methodId === r.m.id).map((b) => b.code) }));
}

export async function listZones(db: Executor, channel: { id: string; code: string }, codes?: string[]): Promise<ZoneView[]> {
  const zones = await db
    .select()
    .from(shippingZones)
    .where(codes ? sql`${shippingZones.channelId} = ${channel.id} and ${inArray(shippingZones.code, codes)}` : eq(shippingZones.channelId, channel.id))
    .orderBy(asc(shippingZones.code));
  if (zones.length === 0) return [];
  const ids = zones.map((z) => z.id);
  const [regions, methods] = await Promise.all([
    db.select().from(shippingZoneRegions).where(inArray(shippingZoneRegions.zoneId, ids)).orderBy(asc(shippingZoneRegions.countryCode), asc(shippingZoneRegions.subdivisionCode)),
    db
      .select({ zoneId: shippingZoneMethods.zoneId, code: shippingMethods.code })
      .from(shippingZoneMethods)
      .innerJoin(shippingMethods, eq(shippingMethods.id, shippingZoneMethods.methodId))
      .where(inArray(shippingZoneMethods.zoneId, ids))
      .orderBy(asc(shippingMethods.code)),
  ]);
  return zones.map((z) => ({
    id: z.id,
    channelCode: channel.code,
    code: z.code,
    name: z.name,
    regions: regions.filter((r) => r.zoneId === z.id).map((r) => ({ countryCode: r.countryCode, subdivisionCode: r.subdivisionCode, postalPatterns: r.postalPatterns })),
    methodCodes: methods.filter((m) => m.zoneId === z.id).map((m) => m.code),
  }));
}

/** code → id for the given codes of one table; missing codes are absent. */
export async function idsByCode(db: Executor, table: typeof boxTemplates | typeof shippingProviders | typeof shippingMethods, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db.select({ id: table.id, code: table.code }).from(table).where(inArray(table.code, [...codes]));
  return new Map(rows.map((r) => [r.code, r.id]));
}
