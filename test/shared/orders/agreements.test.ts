import { expect, it } from "vitest";
import { gql, staffToken, uniq } from "../../helpers/graphql";
import { fillCart, goods, newCustomers, PLACE, placeInput, traces } from "./checkout-kit";

const PUBLISH = `mutation($i: PublishCheckoutAgreementInput!) { publishCheckoutAgreement(input: $i) { id code version validTo } }`;
const CURRENT = `{ checkoutAgreements { code version title appliesTo } }`;
const VERSIONS = `query($c: String!) { checkoutAgreementVersions(channel: $c) { code version validTo } }`;

// hybrid only: no other checkout test runs there, so its agreements change nobody else's checkout
it("versions agreements per channel, requires the current version at checkout and refuses an outdated one", async () => {
  const admin = await staffToken(["orders:manage", "orders:read"]);
  const code = uniq("terms").toLowerCase();
  const publish = (title: string, appliesTo = "b2c") => gql("admin", PUBLISH, { i: { channel: "hybrid", code, title, body: `${title} body`, appliesTo } }, { token: admin });
  const v1 = await publish("Terms v1");
  expect(v1.errors, JSON.stringify(v1.errors)).toBeUndefined();
  expect(v1.data.publishCheckoutAgreement).toMatchObject({ code, version: 1, validTo: null });
  // a buyer without the permission cannot publish
  const denied = await gql("admin", PUBLISH, { i: { channel: "hybrid", code, title: "x", body: "x" } }, { token: await staffToken(["orders:read"]) });
  expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

  const [c] = await newCustomers(1);
  const shop = { channel: "hybrid", token: c!.token };
  expect((await gql("shop", CURRENT, {}, shop)).data.checkoutAgreements).toContainEqual({ code, version: 1, title: "Terms v1", appliesTo: "b2c" });
  const [item] = await goods(1, { channels: ["hybrid"] });
  const cart = await fillCart(c!.token, "hybrid", [{ variantId: item!.variantId, quantity: 1 }]);
  const missing = await gql("shop", PLACE, { i: placeInput(cart) }, shop);
  expect(missing.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "agreement_required", field: "acceptedAgreements" });

  // v2 supersedes v1 (v1 gets valid_to = now): accepting v1 is now a conflict
  await publish("Terms v2");
  const versions = (await gql("admin", VERSIONS, { c: "hybrid" }, { token: admin })).data.checkoutAgreementVersions.filter((a: any) => a.code === code);
  expect(versions.map((a: any) => [a.version, a.validTo === null])).toEqual([[2, true], [1, false]]);
  const outdated = await gql("shop", PLACE, { i: placeInput(cart, { acceptedAgreements: [{ code, version: 1 }] }) }, shop);
  expect(outdated.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "agreement_expired" });
  expect(await traces({ customerId: c!.id })).toMatchObject({ orders: 0, payments: 0 });

  // other codes published on hybrid by this test's earlier runs do not exist in this fresh database
  const current = (await gql("shop", CURRENT, {}, shop)).data.checkoutAgreements.map((a: any) => ({ code: a.code, version: a.version }));
  const ok = await gql("shop", PLACE, { i: placeInput(cart, { acceptedAgreements: current }) }, shop);
  expect(ok.errors, JSON.stringify(ok.errors)).toBeUndefined();
  expect(ok.data.placeOrder.state).toBe("payment_authorized");
});
