import { describe, expect, it } from "vitest";
import { RequestTimings, timedStub } from "../../../shared/kernel";

describe("RequestTimings", () => {
  it("sums spans per name, counts calls and formats a Server-Timing header", () => {
    const t = new RequestTimings();
    t.add("cart", 1.234);
    t.add("pricebook", 2);
    t.add("cart", 0.5);
    expect(t.header(10.005)).toBe(`app;dur=10.01, cart;dur=1.73;desc="2 calls", pricebook;dur=2;desc="1 call"`);
    expect(new RequestTimings().header(3)).toBe("app;dur=3");
  });

  it("times a call that throws and rethrows its error", async () => {
    const t = new RequestTimings();
    await expect(t.time("cart", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(t.header(1)).toMatch(/cart;dur=[\d.]+;desc="1 call"/);
  });

  it("times a stub's method calls, leaves other properties and `then` alone", async () => {
    const t = new RequestTimings();
    const stub = {
      id: "obj-1",
      n: 2,
      async double(x: number) {
        return x * this.n;
      },
      then: undefined as unknown,
    };
    const timed = timedStub(stub, "thing", t);
    expect(timed.id).toBe("obj-1");
    expect(await timed.double(21)).toBe(42); // `this` is the stub
    expect(await timed.double(1)).toBe(2);
    expect(t.header(5)).toMatch(/^app;dur=5, thing;dur=[\d.]+;desc="2 calls"$/);
    // a stub that answers every name (as RPC stubs do) must not become a thenable
    const notAThen = () => "not a promise";
    const rpcLike = new Proxy({}, { get: (_t, k) => (k === "then" ? notAThen : async () => k) }) as { then: unknown; ping(): Promise<string> };
    const wrapped = timedStub(rpcLike, "rpc", t);
    expect(await wrapped.ping()).toBe("ping");
    expect(wrapped.then).toBe(rpcLike.then);
    expect(timedStub(stub, "x", undefined)).toBe(stub);
  });
});
