import { sql } from "drizzle-orm";
import type { Executor } from "../kernel/db";
import type { ItemShippingFacts, QuoteBox, QuoteMethod } from "./quote";
import type { ZoneRegion } from "./zones";

/**
 * Everything a quote needs besides visibility, in ONE statement whatever the line count: the
 * channel's zones (regions, method ids), every active method reachable from them with its
 * provider and its boxes (own and provider's), and the shipping facts of the requested variants.
 */
export interface ShippingVariantFacts extends ItemShippingFacts {
  variantId: string;
}

export interface ChannelZone {
  id: string;
  code: string;
  regions: ZoneRegion[];
  methodIds: string[];
}

export interface LoadedMethod extends QuoteMethod {
  id: string;
}

export interface QuoteData {
  zones: ChannelZone[];
  methods: LoadedMethod[];
  variants: ShippingVariantFacts[];
}

interface MethodJson {
  id: string;
  code: string;
  name: string;
  provider_code: string;
  provider_name: string;
  currency: string;
  rate_strategy: string;
  rate_config: Record<string, unknown>;
  ship_mode: "box" | "order";
  allowed_classes: string[];
  method_boxes: BoxJson[];
  provider_boxes: BoxJson[];
}

interface BoxJson {
  code: string;
  il: number; iw: number; ih: number;
  ol: number; ow: number; oh: number;
  tare: number;
  max_load: number | null;
  cost: number;
}

interface VariantJson {
  id: string;
  sku: string;
  length_mm: number | null;
  width_mm: number | null;
  height_mm: number | null;
  weight_g: number | null;
  fragile: boolean;
  orientation: "free" | "this_side_up" | "fixed";
  restricted_class: string | null;
}

interface Row {
  zones: { id: string; code: string; regions: { country_code: string; subdivision_code: string | null; postal_patterns: string[] }[]; method_ids: string[] }[];
  methods: MethodJson[];
  variants: VariantJson[];
  [k: string]: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const jsonText = (values: readonly string[]) => sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;

const boxesJson = (where: ReturnType<typeof sql>) => sql`coalesce((select json_agg(json_build_object(
    'code', b.code, 'il', b.inner_length_mm, 'iw', b.inner_width_mm, 'ih', b.inner_height_mm,
    'ol', b.outer_length_mm, 'ow', b.outer_width_mm, 'oh', b.outer_height_mm,
    'tare', b.tare_g, 'max_load', b.max_load_g, 'cost', b.material_cost_minor) order by b.code)
  from box_assignments a join box_templates b on b.id = a.box_id where b.active and ${where}), '[]'::json)`;

function toBox(b: BoxJson): QuoteBox {
  return {
    code: b.code,
    inner: { lengthMm: b.il, widthMm: b.iw, heightMm: b.ih },
    outer: { lengthMm: b.ol, widthMm: b.ow, heightMm: b.oh },
    tareG: b.tare,
    maxLoadG: b.max_load,
    materialCostMinor: b.cost,
  };
}

/** ONE statement: zones + methods + boxes + assignments of the channel, and the variants' shipping facts. */
export async function loadQuoteData(db: Executor, channelId: string, by: { variantIds: readonly string[]; skus: readonly string[] }): Promise<QuoteData> {
  const ids = [...new Set(by.variantIds.filter((v) => UUID.test(v)).map((v) => v.toLowerCase()))];
  const skus = [...new Set(by.skus)];
  const rows = await db.execute<Row>(sql`
    with zone_ids as (select z.id, z.code from shipping_zones z where z.channel_id = ${channelId})
    select
      coalesce((select json_agg(json_build_object(
          'id', z.id, 'code', z.code,
          'regions', coalesce((select json_agg(json_build_object('country_code', r.country_code, 'subdivision_code', r.subdivision_code, 'postal_patterns', r.postal_patterns))
                               from shipping_zone_regions r where r.zone_id = z.id), '[]'::json),
          'method_ids', coalesce((select json_agg(zm.method_id) from shipping_zone_methods zm where zm.zone_id = z.id), '[]'::json)) order by z.code)
        from zone_ids z), '[]'::json) as zones,
      coalesce((select json_agg(json_build_object(
          'id', m.id, 'code', m.code, 'name', m.name, 'provider_code', p.code, 'provider_name', p.name, 'currency', m.currency,
          'rate_strategy', m.rate_strategy, 'rate_config', m.rate_config, 'ship_mode', m.ship_mode, 'allowed_classes', m.allowed_classes,
          'method_boxes', ${boxesJson(sql`a.method_id = m.id`)},
          'provider_boxes', ${boxesJson(sql`a.provider_id = p.id`)}) order by m.code)
        from shipping_methods m join shipping_providers p on p.id = m.provider_id
        where m.active and p.active and m.id in (select zm.method_id from shipping_zone_methods zm join zone_ids z on z.id = zm.zone_id)), '[]'::json) as methods,
      coalesce((select json_agg(json_build_object(
          'id', v.id, 'sku', v.sku, 'length_mm', v.length_mm, 'width_mm', v.width_mm, 'height_mm', v.height_mm, 'weight_g', v.weight_g,
          'fragile', v.fragile, 'orientation', v.orientation, 'restricted_class', v.restricted_class))
        from variants v where v.id = any(${sql`${`{${ids.join(",")}}`}::uuid[]`}) or v.sku = any(${jsonText(skus)})), '[]'::json) as variants`);
  const row = [...rows][0]!;
  return {
    zones: row.zones.map((z) => ({
      id: z.id,
      code: z.code,
      regions: z.regions.map((r) => ({ countryCode: r.country_code, subdivisionCode: r.subdivision_code, postalPatterns: r.postal_patterns ?? [] })),
      methodIds: z.method_ids,
    })),
    methods: row.methods.map((m) => ({
      id: m.id,
      code: m.code,
      name: m.name,
      providerCode: m.provider_code,
      providerName: m.provider_name,
      currency: m.currency,
      rateStrategy: m.rate_strategy,
      rateConfig: m.rate_config ?? {},
      shipMode: m.ship_mode,
      allowedClasses: m.allowed_classes ?? [],
      // a method with boxes of its own uses only those
      boxes: (m.method_boxes.length > 0 ? m.method_boxes : m.provider_boxes).map(toBox),
    })),
    variants: row.variants.map((v) => ({
      variantId: v.id,
      sku: v.sku,
      lengthMm: v.length_mm,
      widthMm: v.width_mm,
      heightMm: v.height_mm,
      weightG: v.weight_g,
      fragile: v.fragile,
      orientation: v.orientation,
      restrictedClass: v.restricted_class,
    })),
  };
}
