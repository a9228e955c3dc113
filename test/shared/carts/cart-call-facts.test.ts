import { describe, expect, it } from "vitest";
import { ACCOUNT_STATUS_TTL_MS, AccountStatusCache, MissingCallFacts } from "../../../shared/carts/cart-call-facts";
import { toWire, unwrap } from "../../../shared/carts/cart-client";
import { DomainError } from "../../../shared/kernel/errors";

describe("AccountStatusCache", () => {
  const T = 5_000_000;

  it("knows nothing until told, then trusts a status for exactly ACCOUNT_STATUS_TTL_MS", () => {
    const c = new AccountStatusCache();
    expect(ACCOUNT_STATUS_TTL_MS).toBeLessThanOrEqual(60_000);
    expect(c.current(undefined, T)).toBeNull();
    expect(c.current({ status: 9, checkedAtMs: T }, T)).toEqual({ status: 9, checkedAtMs: T });
    expect(c.current(undefined, T + ACCOUNT_STATUS_TTL_MS)).toEqual({ status: 9, checkedAtMs: T });
    expect(c.current(undefined, T + ACCOUNT_STATUS_TTL_MS + 1)).toBeNull();
    // stale stays stale until a new reading arrives
    expect(c.current(null, T + ACCOUNT_STATUS_TTL_MS + 2)).toBeNull();
    expect(c.current({ status: 10, checkedAtMs: T + 70_000 }, T + 70_000)).toEqual({ status: 10, checkedAtMs: T + 70_000 });
  });

  it("keeps the newest reading when an older one arrives late (two Workers racing)", () => {
    const c = new AccountStatusCache();
    c.current({ status: 10, checkedAtMs: T + 1_000 }, T + 1_000);
    expect(c.current({ status: 9, checkedAtMs: T }, T + 1_001)).toEqual({ status: 10, checkedAtMs: T + 1_000 });
  });

  it("remembers a missing account (status null) like any other reading", () => {
    const c = new AccountStatusCache();
    expect(c.current({ status: null, checkedAtMs: T }, T + 10)).toEqual({ status: null, checkedAtMs: T });
  });
});

describe("missing call facts over the wire", () => {
  it("travel as data, never as a thrown error, and are not confused with refusals", async () => {
    const w = await toWire(async () => {
      throw new MissingCallFacts(["accountStatus", "buyerCurrency"]);
    });
    expect(w).toEqual({ ok: false, missing: ["accountStatus", "buyerCurrency"] });
    // a second refusal for the same reason after the facts were supplied is a bug, surfaced as INTERNAL
    expect(() => unwrap(w)).toThrow(DomainError);
    try {
      unwrap(w);
    } catch (e) {
      expect((e as DomainError).code).toBe("INTERNAL");
    }
    const refused = await toWire(async () => {
      throw new DomainError("FORBIDDEN", "no");
    });
    expect(refused).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    await expect(toWire(async () => { throw new TypeError("boom"); })).rejects.toThrow("boom");
  });
});
