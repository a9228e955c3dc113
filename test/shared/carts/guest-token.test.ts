import { describe, expect, it } from "vitest";
import { issueGuestToken, verifyGuestToken } from "../../../shared/carts/guest-token";

const SECRET = "test-secret-0123456789-0123456789-abcdef";
const CH = "11111111-1111-4111-8111-111111111111";

async function refused(p: Promise<unknown>) {
  await expect(p).rejects.toMatchObject({ code: "FORBIDDEN", details: { field: "guestToken" } });
}

describe("guest cart tokens", () => {
  it("round-trips to the cart id it was issued for", async () => {
    const t = await issueGuestToken(SECRET, CH);
    expect(await verifyGuestToken(SECRET, CH, t.token)).toBe(t.cartId);
    expect(t.cartId).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it("refuses a token whose cart id was swapped for another cart's", async () => {
    const a = await issueGuestToken(SECRET, CH);
    const b = await issueGuestToken(SECRET, CH);
    const [, , sigA] = a.token.split(".");
    await refused(verifyGuestToken(SECRET, CH, `g1.${b.cartId}.${sigA}`));
  });

  it("refuses a token used on another channel or signed with another secret", async () => {
    const a = await issueGuestToken(SECRET, CH);
    await refused(verifyGuestToken(SECRET, "22222222-2222-4222-8222-222222222222", a.token));
    const forged = await issueGuestToken("another-secret-0123456789-0123456789", CH);
    await refused(verifyGuestToken(SECRET, CH, forged.token));
  });

  it("refuses malformed tokens and single flipped signature characters", async () => {
    const a = await issueGuestToken(SECRET, CH, new Uint8Array(16).fill(7));
    const sig = a.token.split(".")[2]!;
    const flipped = sig.slice(0, 5) + (sig[5] === "A" ? "B" : "A") + sig.slice(6);
    for (const bad of ["", "g1", "g1..", `g2.${a.cartId}.${sig}`, `g1.${a.cartId}`, `g1.${a.cartId}.${flipped}`, `${a.token}.x`, `g1.${a.cartId}.${sig}!`, "x".repeat(500)]) {
      await refused(verifyGuestToken(SECRET, CH, bad));
    }
  });
});
