import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { gql, staffToken, tokenFor, uniq } from "../helpers/graphql";

describe("health and the two GraphQL endpoints", () => {
  it("GET /health reports the Worker and a reachable database", async () => {
    const res = await SELF.fetch("http://vectis.test/health");
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.status).toBe("ok");
    expect(body.database.ok).toBe(true);
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers on the shop API and the admin API, each naming itself", async () => {
    const shop = await gql("shop", "{ apiInfo { api channel } channel { code commerceMode loginWallMode } }");
    expect(shop.errors).toBeUndefined();
    expect(shop.data.apiInfo).toEqual({ api: "shop", channel: "b2c" });
    expect(shop.data.channel).toEqual({ code: "b2c", commerceMode: "b2c", loginWallMode: "open" });
    const admin = await gql("admin", "{ apiInfo { api channel } }", undefined, { channel: "b2b" });
    expect(admin.data.apiInfo).toEqual({ api: "admin", channel: "b2b" });
  });

  it("keeps admin-only fields out of the shop schema and shop-only fields out of the admin schema", async () => {
    const shop = await gql("shop", "{ channels { code } }");
    expect(shop.status).toBe(400);
    expect(shop.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(shop.errors?.[0]?.message).toMatch(/Cannot query field "channels"/);
    const admin = await gql("admin", "{ channel { code } }", undefined, { token: await staffToken(["*"]) });
    expect(admin.errors?.[0]?.message).toMatch(/Cannot query field "channel"/);
  });

  it("serves introspection in development", async () => {
    const r = await gql("shop", "{ __schema { queryType { name } } }");
    expect(r.data.__schema.queryType.name).toBe("Query");
  });

  it("resolves the channel from the x-channel header and refuses an unknown one clearly", async () => {
    const b2b = await gql("shop", "{ channel { code loginWallMode } }", undefined, { channel: "b2b" });
    expect(b2b.data.channel).toEqual({ code: "b2b", loginWallMode: "login_to_price" });
    const bad = await gql("shop", "{ channel { code } }", undefined, { channel: "atlantis" });
    expect(bad.status).toBe(400);
    expect(bad.errors?.[0]?.extensions?.code).toBe("UNKNOWN_CHANNEL");
    expect(bad.errors?.[0]?.message).toContain('Unknown channel "atlantis"');
  });

  it("resolves the channel from a mapped host name when no header is sent", async () => {
    const res = await SELF.fetch("http://wholesale.localhost/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ channel { code } }" }),
    });
    expect(((await res.json()) as any).data.channel.code).toBe("b2b");
  });
});

describe("errors reach clients typed and without internals", () => {
  it("a malformed GraphQL document is BAD_USER_INPUT with a readable message", async () => {
    const r = await gql("shop", "{ apiInfo { api ");
    expect(r.status).toBe(400);
    expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.message).toMatch(/Syntax Error/);
  });

  it("a request body that is not JSON is BAD_USER_INPUT", async () => {
    const res = await SELF.fetch("http://vectis.test/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(res.status).toBe(400);
    const body = (await res.json()) as any;
    expect(body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("a variable of the wrong type is BAD_USER_INPUT naming the variable", async () => {
    const r = await gql("admin", "query($c: String!) { channelByCode(code: $c) { code } }", { c: 42 }, { token: await staffToken(["*"]) });
    expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.message).toContain("$c");
  });

  it("input failing validation is BAD_USER_INPUT naming the field, and writes nothing", async () => {
    const token = await staffToken(["channels:write", "channels:read"]);
    const code = uniq("bad");
    const r = await gql(
      "admin",
      `mutation($i: CreateChannelInput!) { createChannel(input: $i) { code } }`,
      { i: { code, name: "X", commerceMode: "b2c", loginWallMode: "open", baseCurrency: "USD", supportedCurrencies: ["USD", "XXQ"] } },
      { token },
    );
    expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.extensions?.field).toBe("input.supportedCurrencies.1");
    expect(r.errors?.[0]?.message).toMatch(/currency/);
    const after = await gql("admin", `query($c: String!) { channelByCode(code: $c) { code } }`, { c: code }, { token });
    expect(after.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("an unexpected database error is masked as INTERNAL: no SQL, no stack", async () => {
    const token = await staffToken(["channels:write"]);
    const r = await gql(
      "admin",
      `mutation($i: CreateChannelInput!) { createChannel(input: $i) { code } }`,
      // PostgreSQL refuses NUL in text: a real driver error, not a validation error
      { i: { code: uniq("nul"), name: "bad\u0000name", commerceMode: "b2c", loginWallMode: "open", baseCurrency: "USD", supportedCurrencies: ["USD"] } },
      { token },
    );
    expect(r.errors?.[0]?.extensions?.code).toBe("INTERNAL");
    expect(r.errors?.[0]?.message).toBe("Internal server error");
    expect(r.raw).not.toMatch(/insert into|channels|0x00|at [\w.]+ \(|\.ts:\d+/i);
  });
});

describe("admin authorization", () => {
  const create = `mutation($i: CreateChannelInput!) { createChannel(input: $i) { code } }`;
  const input = () => ({ i: { code: uniq("c"), name: "N", commerceMode: "b2c", loginWallMode: "open", baseCurrency: "USD", supportedCurrencies: ["USD"] } });

  it("refuses anonymous callers with UNAUTHENTICATED", async () => {
    const r = await gql("admin", create, input());
    expect(r.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses staff without the permission, and buyers, with FORBIDDEN", async () => {
    const readOnly = await gql("admin", create, input(), { token: await staffToken(["channels:read"]) });
    expect(readOnly.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(readOnly.errors?.[0]?.message).toContain("channels:write");
    const customer = await tokenFor({ kind: "customer", customerId: crypto.randomUUID(), email: "c@x.test", groupIds: [] });
    const asCustomer = await gql("admin", "{ channels { code } }", undefined, { token: customer });
    expect(asCustomer.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(asCustomer.data).toBeNull();
  });

  it("refuses an expired or tampered token instead of treating the caller as a guest", async () => {
    const expired = await tokenFor({ kind: "staff", staffId: "s1", email: "s@x.test", permissions: ["*"] }, 60, new Date(Date.now() - 3600_000));
    const r1 = await gql("shop", "{ apiInfo { api } }", undefined, { token: expired });
    expect(r1.status).toBe(401);
    expect(r1.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(r1.errors?.[0]?.message).toMatch(/expired/);
    const good = await staffToken(["channels:read"]);
    const [h, p, s] = good.split(".");
    const forgedPayload = btoa(atob(p!.replace(/-/g, "+").replace(/_/g, "/")).replace('"channels:read"', '"*"')).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    const r2 = await gql("admin", "{ channels { code } }", undefined, { token: `${h}.${forgedPayload}.${s}` });
    expect(r2.status).toBe(401);
    expect(r2.errors?.[0]?.message).toMatch(/Invalid access token/);
  });

  it("lets staff with the permission create and update a channel, then serves it", async () => {
    const token = await staffToken(["channels:*"]);
    const code = uniq("eu");
    const created = await gql(
      "admin",
      create,
      { i: { code, name: "EU retail", commerceMode: "b2c", loginWallMode: "open", guestCheckout: true, baseCurrency: "EUR", supportedCurrencies: ["EUR", "GBP"], pricesIncludeTax: true } },
      { token },
    );
    expect(created.errors).toBeUndefined();
    const dup = await gql("admin", create, { i: { code, name: "again", commerceMode: "b2c", loginWallMode: "open", baseCurrency: "EUR", supportedCurrencies: ["EUR"] } }, { token });
    expect(dup.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    const updated = await gql("admin", `mutation($c: String!) { updateChannel(code: $c, input: { loginWallMode: "login_required" }) { loginWallMode baseCurrency } }`, { c: code }, { token });
    expect(updated.data.updateChannel).toEqual({ loginWallMode: "login_required", baseCurrency: "EUR" });
    const badUpdate = await gql("admin", `mutation($c: String!) { updateChannel(code: $c, input: { baseCurrency: "JPY" }) { code } }`, { c: code }, { token });
    expect(badUpdate.errors?.[0]?.extensions?.field).toBe("input.supportedCurrencies");
    const served = await gql("shop", "{ channel { code baseCurrency pricesIncludeTax loginWallMode } }", undefined, { channel: code });
    expect(served.data.channel).toEqual({ code, baseCurrency: "EUR", pricesIncludeTax: true, loginWallMode: "login_required" });
  });
});
