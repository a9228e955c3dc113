/**
 * Admin writes for boxes, providers, methods, box assignments and zones. Each write is one
 * transaction with its `shipping.changed` event; bad input is BAD_USER_INPUT naming the field and
 * nothing is written. Records are addressed by their stable codes.
 */
import { and, eq } from "drizzle-orm";
import { channels } from "../channels/channels.tables";
import { transactional, type Outbox } from "../events";
import { badInput, conflict, notFound } from "../kernel/errors";
import type { Db, Executor } from "../kernel/db";
import { parseInput } from "../kernel/validation";
import { parsePostalPattern } from "../tax";
import type { RateStrategyRegistry } from "./rates/rate-strategy";
import {
  idsByCode, listBoxes, listMethods, listProviders, listZones,
  type BoxView, type MethodView, type ProviderView, type ZoneView,
} from "./shipping-admin.repository";
import { assignmentInputSchema, boxInputSchema, methodInputSchema, providerInputSchema, zoneInputSchema } from "./shipping.schema";
import { boxAssignments, boxTemplates, shippingMethods, shippingProviders, shippingZoneMethods, shippingZoneRegions, shippingZones } from "./shipping.tables";

export interface ShippingAdminDeps {
  db: Db;
  outbox: Outbox;
  now: Date;
  rates: RateStrategyRegistry;
}

const codeArg = (code: string, field = "code") => {
  if (!/^[a-z0-9][a-z0-9_-]{0,59}$/i.test(code)) throw badInput(`"${code}" is not a valid code`, field);
  return code;
};

export class ShippingAdminService {
  constructor(private readonly deps: ShippingAdminDeps) {}

  private write<T>(what: string, code: string, fn: (tx: Executor) => Promise<T>): Promise<T> {
    return transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      const out = await fn(tx);
      await emit({ type: "shipping.changed", aggregateType: "shipping", aggregateId: code, payload: { what, code } });
      return out;
    });
  }

  private async channel(db: Executor, code: string, field: string): Promise<{ id: string; code: string }> {
    const [c] = await db.select({ id: channels.id, code: channels.code }).from(channels).where(eq(channels.code, code)).limit(1);
    if (!c) throw badInput(`Unknown channel "${code}"`, field);
    return c;
  }

  boxes(): Promise<BoxView[]> {
    return listBoxes(this.deps.db);
  }
  providers(): Promise<ProviderView[]> {
    return listProviders(this.deps.db);
  }
  methods(provider?: string | null): Promise<MethodView[]> {
    if (!provider) return listMethods(this.deps.db);
    return idsByCode(this.deps.db, shippingProviders, [codeArg(provider, "provider")]).then((ids) => {
      const id = ids.get(provider);
      if (!id) throw notFound("Shipping provider", provider);
      return listMethods(this.deps.db, { providerIds: [id] });
    });
  }
  async zones(channelCode: string): Promise<ZoneView[]> {
    return listZones(this.deps.db, await this.channel(this.deps.db, channelCode, "channel"));
  }
  rateStrategies(): string[] {
    return this.deps.rates.codes();
  }

  async upsertBox(input: unknown): Promise<BoxView> {
    const b = parseInput(boxInputSchema, input, "input");
    const values = {
      code: b.code, name: b.name,
      innerLengthMm: b.innerLengthMm, innerWidthMm: b.innerWidthMm, innerHeightMm: b.innerHeightMm,
      outerLengthMm: b.outerLengthMm ?? b.innerLengthMm, outerWidthMm: b.outerWidthMm ?? b.innerWidthMm, outerHeightMm: b.outerHeightMm ?? b.innerHeightMm,
      tareG: b.tareG, maxLoadG: b.maxLoadG ?? null, materialCostMinor: b.materialCostMinor, padded: b.padded, active: b.active,
    };
    return this.write("box", b.code, async (tx) => {
      const { code: _c, ...set } = values;
      await tx.insert(boxTemplates).values(values).onConflictDoUpdate({ target: boxTemplates.code, set: { ...set, updatedAt: this.deps.now } });
      return (await listBoxes(tx, [b.code]))[0]!;
    });
  }

  async deleteBox(code: string): Promise<boolean> {
    codeArg(code);
    return this.write("box", code, async (tx) => (await tx.delete(boxTemplates).where(eq(boxTemplates.code, code)).returning({ id: boxTemplates.id })).length > 0);
  }

  async upsertProvider(input: unknown): Promise<ProviderView> {
    const p = parseInput(providerInputSchema, input, "input");
    return this.write("provider", p.code, async (tx) => {
      await tx.insert(shippingProviders).values(p).onConflictDoUpdate({ target: shippingProviders.code, set: { name: p.name, active: p.active } });
      return (await listProviders(tx, [p.code]))[0]!;
    });
  }

  async deleteProvider(code: string): Promise<boolean> {
    codeArg(code);
    return this.write("provider", code, async (tx) => {
      const [p] = await tx.select({ id: shippingProviders.id }).from(shippingProviders).where(eq(shippingProviders.code, code));
      if (!p) return false;
      const [m] = await tx.select({ code: shippingMethods.code }).from(shippingMethods).where(eq(shippingMethods.providerId, p.id)).limit(1);
      if (m) throw conflict(`Provider "${code}" still has methods (e.g. "${m.code}"); delete them first`, { field: "code" });
      await tx.delete(shippingProviders).where(eq(shippingProviders.id, p.id));
      return true;
    });
  }

  async upsertMethod(input: unknown): Promise<MethodView> {
    const m = parseInput(methodInputSchema, input, "input");
    this.deps.rates.get(m.rateStrategy, "input.rateStrategy");
    const rateConfig = this.deps.rates.parseConfig(m.rateStrategy, m.rateConfig, "input.rateConfig");
    return this.write("method", m.code, async (tx) => {
      const providerId = (await idsByCode(tx, shippingProviders, [m.provider])).get(m.provider);
      if (!providerId) throw badInput(`Unknown shipping provider "${m.provider}"`, "input.provider");
      const values = {
        code: m.code, providerId, name: m.name, rateStrategy: m.rateStrategy, rateConfig, currency: m.currency,
        shipMode: m.shipMode, allowedClasses: [...new Set(m.allowedClasses)].sort(), active: m.active,
      };
      const { code: _c, ...set } = values;
      await tx.insert(shippingMethods).values(values).onConflictDoUpdate({ target: shippingMethods.code, set: { ...set, updatedAt: this.deps.now } });
      return (await listMethods(tx, { codes: [m.code] }))[0]!;
    });
  }

  async deleteMethod(code: string): Promise<boolean> {
    codeArg(code);
    return this.write("method", code, async (tx) => (await tx.delete(shippingMethods).where(eq(shippingMethods.code, code)).returning({ id: shippingMethods.id })).length > 0);
  }

  /** Assign (or with `assign = false`, unassign) a box to a provider or a method. */
  async assignBox(input: unknown, assign: boolean): Promise<BoxView> {
    const a = parseInput(assignmentInputSchema, input, "input");
    return this.write("assignment", a.box, async (tx) => {
      const boxId = (await idsByCode(tx, boxTemplates, [a.box])).get(a.box);
      if (!boxId) throw badInput(`Unknown box "${a.box}"`, "input.box");
      const target = a.provider
        ? { providerId: (await idsByCode(tx, shippingProviders, [a.provider])).get(a.provider), field: "input.provider", kind: "shipping provider", code: a.provider }
        : { methodId: (await idsByCode(tx, shippingMethods, [a.method!])).get(a.method!), field: "input.method", kind: "shipping method", code: a.method! };
      const id = "providerId" in target ? target.providerId : target.methodId;
      if (!id) throw badInput(`Unknown ${target.kind} "${target.code}"`, target.field);
      const col = "providerId" in target ? boxAssignments.providerId : boxAssignments.methodId;
      if (assign) {
        await tx.insert(boxAssignments).values({ boxId, ...("providerId" in target ? { providerId: id } : { methodId: id }) }).onConflictDoNothing();
      } else {
        await tx.delete(boxAssignments).where(and(eq(boxAssignments.boxId, boxId), eq(col, id)));
      }
      return (await listBoxes(tx, [a.box]))[0]!;
    });
  }

  /** Create or replace a zone: its regions and its methods are set to exactly those given. */
  async upsertZone(input: unknown): Promise<ZoneView> {
    const z = parseInput(zoneInputSchema, input, "input");
    z.regions.forEach((r, i) => r.postalPatterns.forEach((p, j) => parsePostalPattern(p, `input.regions.${i}.postalPatterns.${j}`)));
    return this.write("zone", z.code, async (tx) => {
      const ch = await this.channel(tx, z.channel, "input.channel");
      const methodIds = await idsByCode(tx, shippingMethods, z.methods);
      const missing = z.methods.findIndex((m) => !methodIds.has(m));
      if (missing >= 0) throw badInput(`Unknown shipping method "${z.methods[missing]}"`, `input.methods.${missing}`);
      const [row] = await tx
        .insert(shippingZones)
        .values({ channelId: ch.id, code: z.code, name: z.name })
        .onConflictDoUpdate({ target: [shippingZones.channelId, shippingZones.code], set: { name: z.name } })
        .returning({ id: shippingZones.id });
      const zoneId = row!.id;
      await tx.delete(shippingZoneRegions).where(eq(shippingZoneRegions.zoneId, zoneId));
      await tx.delete(shippingZoneMethods).where(eq(shippingZoneMethods.zoneId, zoneId));
      await tx.insert(shippingZoneRegions).values(z.regions.map((r) => ({ zoneId, countryCode: r.country, subdivisionCode: r.subdivision ?? null, postalPatterns: r.postalPatterns })));
      if (methodIds.size > 0) await tx.insert(shippingZoneMethods).values([...new Set(methodIds.values())].map((methodId) => ({ zoneId, methodId })));
      return (await listZones(tx, ch, [z.code]))[0]!;
    });
  }

  async deleteZone(channelCode: string, code: string): Promise<boolean> {
    codeArg(code);
    return this.write("zone", code, async (tx) => {
      const ch = await this.channel(tx, channelCode, "channel");
      return (await tx.delete(shippingZones).where(and(eq(shippingZones.channelId, ch.id), eq(shippingZones.code, code))).returning({ id: shippingZones.id })).length > 0;
    });
  }
}
