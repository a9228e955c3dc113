import { describe, expect, it } from "vitest";
import { DomainError } from "../../../shared/kernel/errors";
import { resolvePrice, resolveCart, type PriceOverride, type PriceResolution, type PricingContext, type ResolvedPrice } from "../../../shared/pricing";
import { BRIEF_TIERS, CH, T0, entry, flat, list, override, snapshot, tiers } from "./fixtures";

const ctx = (extra: Partial<PricingContext> = {}): PricingContext => ({
  channelId: CH,
  currency: "USD",
  locationId: "loc-a",
  accountId: "acct-1",
  groupIds: ["g-gold"],
  ...extra,
});

function ok(r: PriceResolution): ResolvedPrice {
  if (!r.ok) throw new Error(`expected a price, got ${r.reason}`);
  return r;
}

/** One rule per level for variant V, each with its own tiers so the winner is recognisable. */
const levelRules: Record<string, PriceOverride> = {
  managed: override("ov-m", "managed", null, "V", tiers([1, 500], [10, 450])),
  location: override("ov-l", "location", "loc-a", "V", tiers([1, 600], [10, 550])),
  account: override("ov-a", "account", "acct-1", "V", tiers([1, 700], [10, 650])),
  group: override("ov-g", "group", "g-gold", "V", tiers([1, 800], [10, 750])),
};
const LEVELS = ["managed", "location", "account", "group", "default"] as const;
const defaultList = { priceLists: [list("pl-usd", "USD")], priceListEntries: [entry("pl-usd", "V", tiers([1, 1000], [10, 900]))] };

describe("five-level resolution", () => {
  it.each(LEVELS.map((l, i) => [l, i] as const))("%s wins over every level below it, with its own tiers", (level, i) => {
    const present = LEVELS.slice(i).filter((l) => l !== "default").map((l) => levelRules[l]!);
    const snap = snapshot({ overrides: present, ...defaultList });
    const expected = { managed: [500, 450], location: [600, 550], account: [700, 650], group: [800, 750], default: [1000, 900] }[level];
    for (const [q, tierIdx, minQty] of [[1, 0, 1], [9, 0, 1], [10, 1, 10], [5000, 1, 10]] as const) {
      const r = ok(resolvePrice({ variantId: "V", quantity: q }, ctx(), snap, T0));
      expect(r.source.level).toBe(level);
      expect(r.source.rank).toBe(i + 1);
      expect(r.unitPrice).toBe(expected[tierIdx]);
      expect(r.source.tierMinQty).toBe(minQty);
      expect(r.lineTotal).toBe(expected[tierIdx]! * q);
    }
  });

  it("reports where the price came from", () => {
    const snap = snapshot({ overrides: [levelRules.account!], ...defaultList });
    const acct = ok(resolvePrice({ variantId: "V", quantity: 12 }, ctx(), snap, T0));
    expect(acct.source).toMatchObject({ level: "account", overrideId: "ov-a", priceListId: null, scopeId: "acct-1", method: "direct", rate: null, sourceCurrency: "USD", sourceUnitPrice: 650 });
    const def = ok(resolvePrice({ variantId: "V", quantity: 12 }, ctx({ accountId: "acct-2" }), snap, T0));
    expect(def.source).toMatchObject({ level: "default", overrideId: null, priceListId: "pl-usd", scopeId: null, tierMinQty: 10 });
  });

  it("applies location/account/group rules only to their own scope", () => {
    const snap = snapshot({ overrides: [levelRules.location!, levelRules.account!, levelRules.group!], ...defaultList });
    const q = { variantId: "V", quantity: 1 };
    expect(ok(resolvePrice(q, ctx({ locationId: "loc-b" }), snap, T0)).source.level).toBe("account");
    expect(ok(resolvePrice(q, ctx({ locationId: null, accountId: "acct-9" }), snap, T0)).source.level).toBe("group");
    expect(ok(resolvePrice(q, ctx({ locationId: null, accountId: null, groupIds: ["g-silver"] }), snap, T0)).source.level).toBe("default");
    expect(ok(resolvePrice(q, ctx({ locationId: null, accountId: null, groupIds: [] }), snap, T0)).unitPrice).toBe(1000);
  });

  it("a level whose first tier starts above the quantity does not match: it falls through", () => {
    const acctFrom10 = override("ov-a10", "account", "acct-1", "V", tiers([10, 700], [50, 600]));
    const snap = snapshot({ overrides: [acctFrom10], ...defaultList });
    expect(ok(resolvePrice({ variantId: "V", quantity: 9 }, ctx(), snap, T0)).source).toMatchObject({ level: "default", tierMinQty: 1 });
    expect(ok(resolvePrice({ variantId: "V", quantity: 10 }, ctx(), snap, T0))).toMatchObject({ unitPrice: 700, source: { level: "account" } });
    expect(ok(resolvePrice({ variantId: "V", quantity: 50 }, ctx(), snap, T0)).unitPrice).toBe(600);
  });

  it("picks the brief's volume tiers by line quantity (highest minQty ≤ quantity)", () => {
    const snap = snapshot({ priceLists: [list("pl", "USD")], priceListEntries: [entry("pl", "V", BRIEF_TIERS)] });
    const cases: [number, number][] = [[1, 1000], [9, 1000], [10, 900], [49, 900], [50, 750], [99, 750], [100, 600], [100000, 600]];
    const got = resolveCart(cases.map(([quantity]) => ({ variantId: "V", quantity })), ctx(), snap, T0);
    expect(got.map((r) => ok(r).unitPrice)).toEqual(cases.map(([, p]) => p));
    expect(ok(got[7]!).lineTotal).toBe(60_000_000);
  });

  it("is unpriced (NO_PRICE) when no level has the variant", () => {
    const r = resolvePrice({ variantId: "missing", quantity: 1 }, ctx(), snapshot(defaultList), T0);
    expect(r).toEqual({ ok: false, variantId: "missing", quantity: 1, currency: "USD", reason: "NO_PRICE" });
  });

  it("only uses rules of the snapshot's channel (or of every channel)", () => {
    const snap = snapshot({
      overrides: [override("m-other", "managed", null, "V", flat(1), { channelId: "ch-other" }), override("a-any", "account", "acct-1", "V", flat(321), { channelId: null })],
      priceLists: [list("pl-other", "USD", 99, { channelId: "ch-other" }), list("pl", "USD")],
      priceListEntries: [entry("pl-other", "W", flat(1)), entry("pl", "W", flat(1000))],
    });
    expect(ok(resolvePrice({ variantId: "V", quantity: 1 }, ctx(), snap, T0)).source.overrideId).toBe("a-any");
    expect(ok(resolvePrice({ variantId: "W", quantity: 1 }, ctx(), snap, T0)).source.priceListId).toBe("pl");
    expect(() => resolvePrice({ variantId: "V", quantity: 1 }, ctx({ channelId: "ch-other" }), snap, T0)).toThrow(/channel/);
  });

  it.each([0, -3, 1.5, Number.NaN])("rejects quantity %s with BAD_USER_INPUT naming the line", (quantity) => {
    const snap = snapshot(defaultList);
    try {
      resolveCart([{ variantId: "V", quantity: 1 }, { variantId: "V", quantity }], ctx(), snap, T0);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe("BAD_USER_INPUT");
      expect((e as DomainError).details.field).toBe("lines.1.quantity");
    }
  });
});

describe("customer groups: best price across all of the buyer's groups", () => {
  const snap = snapshot({
    overrides: [
      override("g1", "group", "g-a", "V", flat(900)),
      override("g2", "group", "g-b", "V", flat(850)),
      override("g3", "group", "g-c", "V", tiers([1, 950], [10, 700])),
      override("g4", "group", "g-d", "V", tiers([20, 100])),
    ],
    ...defaultList,
  });
  it("takes the lowest unit price at the line's quantity, after tier selection", () => {
    const groups = ["g-a", "g-b", "g-c", "g-d"];
    expect(ok(resolvePrice({ variantId: "V", quantity: 1 }, ctx({ groupIds: groups }), snap, T0))).toMatchObject({ unitPrice: 850, source: { scopeId: "g-b", overrideId: "g2" } });
    expect(ok(resolvePrice({ variantId: "V", quantity: 10 }, ctx({ groupIds: groups }), snap, T0))).toMatchObject({ unitPrice: 700, source: { scopeId: "g-c", tierMinQty: 10 } });
    expect(ok(resolvePrice({ variantId: "V", quantity: 20 }, ctx({ groupIds: groups }), snap, T0))).toMatchObject({ unitPrice: 100, source: { scopeId: "g-d" } });
    // a buyer in g-a only pays g-a's price; order of groupIds does not matter
    expect(ok(resolvePrice({ variantId: "V", quantity: 1 }, ctx({ groupIds: ["g-a"] }), snap, T0)).unitPrice).toBe(900);
    expect(ok(resolvePrice({ variantId: "V", quantity: 1 }, ctx({ groupIds: [...groups].reverse() }), snap, T0)).source.scopeId).toBe("g-b");
  });

  it("breaks equal prices by group id, whatever the order of groups", () => {
    const tie = snapshot({ overrides: [override("x2", "group", "g-z", "V", flat(800)), override("x1", "group", "g-m", "V", flat(800))] });
    for (const groupIds of [["g-z", "g-m"], ["g-m", "g-z"]]) {
      expect(ok(resolvePrice({ variantId: "V", quantity: 1 }, ctx({ groupIds }), tie, T0)).source.scopeId).toBe("g-m");
    }
  });

  it("is still below account and location levels even when a group is cheaper", () => {
    const s = snapshot({ overrides: [override("g", "group", "g-a", "V", flat(1)), override("a", "account", "acct-1", "V", flat(999))] });
    expect(ok(resolvePrice({ variantId: "V", quantity: 1 }, ctx({ groupIds: ["g-a"] }), s, T0))).toMatchObject({ unitPrice: 999, source: { level: "account" } });
  });
});

describe("price lists: schedules and priority", () => {
  const from = new Date("2025-12-20T00:00:00Z");
  const to = new Date("2025-12-26T00:00:00Z");
  const snap = snapshot({
    priceLists: [list("pl-regular", "USD", 0), list("pl-holiday", "USD", 10, { validFrom: from, validTo: to })],
    priceListEntries: [entry("pl-regular", "V", flat(1000)), entry("pl-holiday", "V", flat(1200))],
  });
  const at = (d: Date) => ok(resolvePrice({ variantId: "V", quantity: 1 }, ctx(), snap, d)).source.priceListId;

  it("valid_from is inclusive and valid_to exclusive", () => {
    expect(at(new Date(from.getTime() - 1))).toBe("pl-regular");
    expect(at(from)).toBe("pl-holiday");
    expect(at(new Date(to.getTime() - 1))).toBe("pl-holiday");
    expect(at(to)).toBe("pl-regular");
  });

  it("the highest priority active list wins even when it is dearer", () => {
    expect(ok(resolvePrice({ variantId: "V", quantity: 1 }, ctx(), snap, new Date("2025-12-24T00:00:00Z"))).unitPrice).toBe(1200);
  });

  it("ties in priority go to the lowest list id, independent of input order", () => {
    const lists = [list("pl-b", "USD", 5), list("pl-a", "USD", 5), list("pl-c", "USD", 4)];
    const entries = [entry("pl-b", "V", flat(300)), entry("pl-a", "V", flat(400)), entry("pl-c", "V", flat(100))];
    for (const order of [[0, 1, 2], [2, 1, 0], [1, 0, 2]]) {
      const s = snapshot({ priceLists: order.map((i) => lists[i]!), priceListEntries: order.map((i) => entries[i]!) });
      expect(ok(resolvePrice({ variantId: "V", quantity: 1 }, ctx(), s, T0))).toMatchObject({ unitPrice: 400, source: { priceListId: "pl-a" } });
    }
  });

  it("a higher-priority list without a tier for the quantity yields to the next list", () => {
    const s = snapshot({
      priceLists: [list("pl-bulk", "USD", 9), list("pl-std", "USD", 1)],
      priceListEntries: [entry("pl-bulk", "V", tiers([100, 500])), entry("pl-std", "V", BRIEF_TIERS)],
    });
    expect(ok(resolvePrice({ variantId: "V", quantity: 99 }, ctx(), s, T0)).source).toMatchObject({ priceListId: "pl-std", tierMinQty: 50 });
    expect(ok(resolvePrice({ variantId: "V", quantity: 100 }, ctx(), s, T0)).source.priceListId).toBe("pl-bulk");
  });

  it("schedules apply to overrides too, and the most recently started override wins an overlap", () => {
    const deal = override("m-deal", "managed", null, "V", flat(300), { validFrom: from, validTo: to });
    const standing = override("m-standing", "managed", null, "V", flat(700), { validFrom: new Date("2025-01-01T00:00:00Z") });
    const s = snapshot({ overrides: [standing, deal], ...defaultList });
    const id = (d: Date) => ok(resolvePrice({ variantId: "V", quantity: 1 }, ctx(), s, d)).source.overrideId;
    expect(id(from)).toBe("m-deal");
    expect(id(to)).toBe("m-standing");
    expect(id(new Date("2024-12-31T23:59:59.999Z"))).toBeNull(); // neither started: default list
  });
});
