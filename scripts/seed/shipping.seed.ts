/**
 * Demo shipping: boxes shared by UPS and USPS (FedEx has its own), ground at a flat price per box,
 * express on a dimensional-weight table, USPS free over $100, and zones per channel: the
 * contiguous US (everything), Alaska/Hawaii (ground only), Canada and the EU. Seeded catalog
 * variants already carry dimensions and weights (catalog.seed.ts), hazmat and oversize classes.
 */
import { inArray } from "drizzle-orm";
import { channels } from "../../shared/channels";
import type { Executor } from "../../shared/kernel/db";
import {
  boxAssignments, boxTemplates, shippingMethods, shippingProviders, shippingZoneMethods, shippingZoneRegions, shippingZones,
} from "../../shared/shipping/shipping.tables";

const box = (code: string, name: string, l: number, w: number, h: number, wall: number, tareG: number, maxLoadG: number, cost: number, padded = false) => ({
  code, name, innerLengthMm: l, innerWidthMm: w, innerHeightMm: h,
  outerLengthMm: l + 2 * wall, outerWidthMm: w + 2 * wall, outerHeightMm: h + 2 * wall,
  tareG, maxLoadG, materialCostMinor: cost, padded,
});

const BOXES = [
  box("mailer-padded", "Padded mailer", 300, 220, 50, 2, 40, 2_000, 45, true),
  box("box-s", "Small box", 250, 200, 150, 4, 180, 10_000, 60),
  box("box-m", "Medium box", 400, 300, 250, 5, 380, 20_000, 95),
  box("box-l", "Large box", 600, 400, 350, 6, 700, 30_000, 140),
  box("box-xl", "Extra large box", 800, 500, 400, 7, 1_100, 32_000, 210),
  box("fedex-m", "FedEx Medium", 420, 320, 260, 5, 400, 20_000, 0),
  box("fedex-xl", "FedEx Extra Large", 800, 520, 420, 7, 1_150, 32_000, 0),
];

const DIM_EXPRESS = (base: number) => ({
  basis: "dimensional",
  divisor: 5000,
  brackets: [
    { upToG: 1_000, amount: base },
    { upToG: 5_000, amount: base + 900 },
    { upToG: 10_000, amount: base + 2_100 },
    { upToG: 20_000, amount: base + 4_400 },
  ],
  perKgAbove: 250,
});

type MethodSeed = { code: string; provider: string; name: string; rateStrategy: string; rateConfig: Record<string, unknown>; shipMode?: "box" | "order"; allowedClasses?: string[] };
const METHODS: MethodSeed[] = [
  { code: "ups-ground", provider: "ups", name: "UPS Ground", rateStrategy: "flat_per_box", rateConfig: { amount: 995 }, allowedClasses: ["hazmat", "oversize", "ground_only"] },
  { code: "ups-2day", provider: "ups", name: "UPS 2nd Day Air", rateStrategy: "table_rate", rateConfig: DIM_EXPRESS(1_850) },
  { code: "fedex-ground", provider: "fedex", name: "FedEx Ground", rateStrategy: "flat_per_box", rateConfig: { amount: 1_045 }, allowedClasses: ["hazmat", "oversize"] },
  { code: "fedex-express", provider: "fedex", name: "FedEx Express Saver", rateStrategy: "table_rate", rateConfig: DIM_EXPRESS(1_650) },
  { code: "usps-priority", provider: "usps", name: "USPS Priority Mail", rateStrategy: "flat_per_box", rateConfig: { amount: 895 } },
  { code: "usps-free-over-100", provider: "usps", name: "USPS Ground Advantage (free over $100)", rateStrategy: "free_over", rateConfig: { threshold: 10_000, amount: 799 }, shipMode: "order" },
  { code: "ups-standard-ca", provider: "ups", name: "UPS Standard to Canada", rateStrategy: "table_rate", rateConfig: DIM_EXPRESS(2_400), allowedClasses: ["oversize"] },
  { code: "fedex-intl-eu", provider: "fedex", name: "FedEx International Economy (EU)", rateStrategy: "table_rate", rateConfig: DIM_EXPRESS(3_900) },
];

const EU = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"];

/** Alaska (995–999) and Hawaii (967–968) are ground-only; everything else in the US gets every method. */
const ZONES = [
  { code: "us-contiguous", name: "Contiguous US", regions: [{ countryCode: "US", subdivisionCode: null, postalPatterns: ["00001..96699", "96900..99499"] }], methods: ["ups-ground", "ups-2day", "fedex-ground", "fedex-express", "usps-priority", "usps-free-over-100"] },
  { code: "us-remote", name: "Alaska & Hawaii (ground only)", regions: [{ countryCode: "US", subdivisionCode: "US-AK", postalPatterns: [] }, { countryCode: "US", subdivisionCode: "US-HI", postalPatterns: [] }], methods: ["ups-ground", "usps-priority"] },
  { code: "ca", name: "Canada", regions: [{ countryCode: "CA", subdivisionCode: null, postalPatterns: [] }], methods: ["ups-standard-ca"] },
  { code: "eu", name: "European Union", regions: EU.map((c) => ({ countryCode: c, subdivisionCode: null, postalPatterns: [] as string[] })), methods: ["fedex-intl-eu"] },
];

export async function seedShipping(db: Executor): Promise<{ boxes: number; methods: number; zones: number }> {
  const boxes = await db.insert(boxTemplates).values(BOXES).returning({ id: boxTemplates.id, code: boxTemplates.code });
  const boxId = new Map(boxes.map((b) => [b.code, b.id]));
  const providers = await db
    .insert(shippingProviders)
    .values([{ code: "ups", name: "UPS" }, { code: "fedex", name: "FedEx" }, { code: "usps", name: "USPS" }])
    .returning({ id: shippingProviders.id, code: shippingProviders.code });
  const providerId = new Map(providers.map((p) => [p.code, p.id]));
  const methods = await db
    .insert(shippingMethods)
    .values(METHODS.map((m) => ({ code: m.code, providerId: providerId.get(m.provider)!, name: m.name, rateStrategy: m.rateStrategy, rateConfig: m.rateConfig, currency: "USD", shipMode: m.shipMode ?? "box", allowedClasses: m.allowedClasses ?? [] })))
    .returning({ id: shippingMethods.id, code: shippingMethods.code });
  const methodId = new Map(methods.map((m) => [m.code, m.id]));
  const shared = ["box-s", "box-m", "box-l", "box-xl"];
  await db.insert(boxAssignments).values([
    // one set of boxes, assigned to both UPS and USPS
    ...shared.map((b) => ({ boxId: boxId.get(b)!, providerId: providerId.get("ups")! })),
    ...[...shared, "mailer-padded"].map((b) => ({ boxId: boxId.get(b)!, providerId: providerId.get("usps")! })),
    ...["fedex-m", "fedex-xl"].map((b) => ({ boxId: boxId.get(b)!, providerId: providerId.get("fedex")! })),
  ]);
  const chans = await db.select({ id: channels.id }).from(channels).where(inArray(channels.code, ["b2b", "b2c", "hybrid"]));
  let zoneCount = 0;
  for (const ch of chans) {
    for (const z of ZONES) {
      const [row] = await db.insert(shippingZones).values({ channelId: ch.id, code: z.code, name: z.name }).returning({ id: shippingZones.id });
      await db.insert(shippingZoneRegions).values(z.regions.map((r) => ({ zoneId: row!.id, ...r })));
      await db.insert(shippingZoneMethods).values(z.methods.map((m) => ({ zoneId: row!.id, methodId: methodId.get(m)! })));
      zoneCount++;
    }
  }
  return { boxes: boxes.length, methods: methods.length, zones: zoneCount };
}
