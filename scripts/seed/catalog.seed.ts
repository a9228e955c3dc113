/**
 * Demo catalog: a hardware / janitorial / pharmacy distributor selling wholesale and retail from
 * one catalog. ~130 products, ~450 variants; wholesale-only items (case packs, MOQ) published to
 * b2b + hybrid, retail items to b2c + hybrid, controlled pharmacy items restricted to the
 * "licensed-pharmacies" customer group. Deterministic (fixed PRNG seed) so demos are repeatable.
 */
import { sql } from "drizzle-orm";
import { channels } from "../../shared/channels";
import {
  brands,
  categories,
  categoryGroupRestrictions,
  productCategories,
  productChannels,
  productGroupRestrictions,
  products,
  productTraits,
  variants,
} from "../../shared/catalog";
import type { Executor } from "../../shared/kernel/db";

const TREE: Record<string, string[]> = {
  "Hand Tools": ["Hammers", "Screwdrivers", "Wrenches", "Pliers"],
  "Power Tools": ["Drills", "Saws", "Sanders"],
  Fasteners: ["Screws", "Nails", "Bolts & Nuts"],
  Safety: ["Gloves", "Eyewear", "Hi-Vis Apparel"],
  Janitorial: ["Cleaning Chemicals", "Paper Goods", "Trash Liners"],
  Pharmacy: ["Over the Counter", "Controlled Substances"],
};

const NOUNS: Record<string, string[]> = {
  Hammers: ["Claw Hammer", "Ball Peen Hammer", "Sledge Hammer", "Rubber Mallet", "Framing Hammer"],
  Screwdrivers: ["Phillips Screwdriver", "Flathead Screwdriver", "Precision Screwdriver Set", "Ratcheting Screwdriver"],
  Wrenches: ["Adjustable Wrench", "Combination Wrench Set", "Pipe Wrench", "Torque Wrench"],
  Pliers: ["Needle Nose Pliers", "Slip Joint Pliers", "Locking Pliers", "Wire Stripper"],
  Drills: ["Cordless Drill", "Hammer Drill", "Impact Driver", "Drill Bit Set"],
  Saws: ["Circular Saw", "Jigsaw", "Hand Saw", "Hacksaw"],
  Sanders: ["Orbital Sander", "Belt Sander", "Sanding Discs"],
  Screws: ["Wood Screws", "Drywall Screws", "Deck Screws", "Machine Screws"],
  Nails: ["Common Nails", "Finishing Nails", "Roofing Nails"],
  "Bolts & Nuts": ["Hex Bolts", "Carriage Bolts", "Lock Nuts", "Washers"],
  Gloves: ["Nitrile Gloves", "Leather Work Gloves", "Cut Resistant Gloves"],
  Eyewear: ["Safety Glasses", "Safety Goggles", "Face Shield"],
  "Hi-Vis Apparel": ["Hi-Vis Vest", "Hi-Vis Jacket"],
  "Cleaning Chemicals": ["All Purpose Cleaner", "Glass Cleaner", "Degreaser", "Floor Cleaner Concentrate"],
  "Paper Goods": ["Paper Towels", "Toilet Tissue", "Facial Tissue"],
  "Trash Liners": ["Trash Bags", "Contractor Bags"],
  "Over the Counter": ["Ibuprofen Tablets", "Antiseptic Wipes", "Adhesive Bandages", "Hand Sanitizer"],
  "Controlled Substances": ["Codeine Syrup", "Pseudoephedrine Tablets", "Tramadol Tablets"],
};

const BRANDS = ["Ironclad", "Stanwick", "ProGrip", "Northline", "CleanCo", "MediCore"];
const SIZES = ["Small", "Medium", "Large", "XL"];

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const slugify = (s: string) => s.toLowerCase().replace(/&/g, "and").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

export async function seedCatalog(db: Executor): Promise<{ products: number; variants: number }> {
  const rand = prng(20260);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const chRows = await db.select({ id: channels.id, code: channels.code }).from(channels);
  const ch = new Map(chRows.map((c) => [c.code, c.id]));

  await db.execute(sql`insert into customer_groups (code, name, description)
    values ('licensed-pharmacies', 'Licensed Pharmacies', 'May see and buy controlled substances') on conflict (code) do nothing`);
  const [group] = await db.execute<{ id: string }>(sql`select id from customer_groups where code = 'licensed-pharmacies'`);

  const brandRows = await db.insert(brands).values(BRANDS.map((name) => ({ slug: slugify(name), name }))).returning();
  const catId = new Map<string, string>();
  for (const [top, subs] of Object.entries(TREE)) {
    const topId = crypto.randomUUID();
    catId.set(top, topId);
    await db.insert(categories).values({ id: topId, slug: slugify(top), name: top, path: [topId] });
    await db.insert(categories).values(
      subs.map((sub, i) => {
        const id = crypto.randomUUID();
        catId.set(sub, id);
        return { id, parentId: topId, slug: slugify(sub), name: sub, position: i, path: [topId, id] };
      }),
    );
  }
  if (group) await db.insert(categoryGroupRestrictions).values({ categoryId: catId.get("Controlled Substances")!, groupId: group.id });

  let productCount = 0;
  let variantCount = 0;
  for (const [top, subs] of Object.entries(TREE)) {
    for (const sub of subs) {
      for (const noun of NOUNS[sub] ?? []) {
        for (const line of ["Pro", "Contractor"]) {
          const wholesaleOnly = top === "Janitorial" || top === "Fasteners" || (line === "Contractor" && rand() < 0.3);
          const name = `${line} ${noun}`;
          const brand = top === "Janitorial" ? brandRows[4]! : top === "Pharmacy" ? brandRows[5]! : pick(brandRows.slice(0, 4));
          const [p] = await db
            .insert(products)
            .values({
              slug: slugify(name),
              name,
              description: `<p>${name} by ${brand.name}. Built for daily professional use.</p>`,
              status: rand() < 0.05 ? "draft" : "active",
              brandId: brand.id,
              taxCategory: top === "Pharmacy" ? "medicine" : "standard",
              seoTitle: `${name} | ${brand.name}`,
              images: [{ url: `https://images.vectis.test/${slugify(name)}.jpg`, alt: name }],
            })
            .returning({ id: products.id });
          const id = p!.id;
          productCount++;
          await db.insert(productCategories).values({ productId: id, categoryId: catId.get(sub)! });
          const pub = wholesaleOnly ? ["b2b", "hybrid"] : ["b2b", "b2c", "hybrid"];
          await db.insert(productChannels).values(pub.filter((c) => ch.has(c)).map((c) => ({ productId: id, channelId: ch.get(c)! })));
          if (group && top === "Pharmacy" && noun === "Hand Sanitizer" && line === "Pro") {
            await db.insert(productGroupRestrictions).values({ productId: id, groupId: group.id });
          }
          await db.insert(productTraits).values([
            { productId: id, trait: "line", value: line.toLowerCase() },
            { productId: id, trait: "material", value: pick(["steel", "aluminium", "plastic", "paper", "nitrile"]) },
          ]);
          const n = 2 + Math.floor(rand() * 3);
          const casePack = wholesaleOnly ? pick([6, 12, 24, 48]) : 1;
          await db.insert(variants).values(
            SIZES.slice(0, n).map((size, i) => ({
              productId: id,
              sku: `${slugify(noun).slice(0, 12).toUpperCase()}-${line.slice(0, 3).toUpperCase()}-${size.slice(0, 2).toUpperCase()}`,
              name: `${name} — ${size}`,
              optionValues: { size },
              position: i,
              lengthMm: 50 + Math.floor(rand() * 600),
              widthMm: 20 + Math.floor(rand() * 300),
              heightMm: 10 + Math.floor(rand() * 200),
              weightG: 50 + Math.floor(rand() * 5000),
              fragile: sub === "Eyewear",
              orientation: top === "Janitorial" && sub === "Cleaning Chemicals" ? "this_side_up" : "free",
              restrictedClass: sub === "Cleaning Chemicals" ? "hazmat" : sub === "Saws" && size === "XL" ? "oversize" : null,
              volumeMl: sub === "Cleaning Chemicals" ? 946 * (i + 1) : null,
              casePack,
              moq: casePack * (wholesaleOnly && rand() < 0.4 ? 2 : 1),
              orderIncrement: casePack,
            })),
          );
          variantCount += n;
        }
      }
    }
  }
  await db.execute(sql`update products p set search_text = concat_ws(' ', p.name, b.name,
      (select string_agg(v.sku || ' ' || v.name, ' ' order by v.position) from variants v where v.product_id = p.id))
    from products p2 left join brands b on b.id = p2.brand_id where p2.id = p.id`);
  return { products: productCount, variants: variantCount };
}
