import { afterEach, describe, expect, it } from "vitest";
import { ActiveRules, activeRulesLoads, clearActiveRulesCache, compileRule, RECHECK_MS, type RulesSource } from "../../../shared/promotions";

function fakeSource(rules: () => ReturnType<typeof compileRule>[]) {
  let version = 1;
  const calls = { version: 0, load: 0 };
  const source: RulesSource = {
    version: async () => (calls.version++, version),
    load: async () => (calls.load++, { version, rules: rules() }),
  };
  return { source, calls, bump: () => version++ };
}

const rule = (id: string, channels?: string[]) =>
  compileRule({ id, name: id, ...(channels ? { channel_codes: channels } : {}), actions: [{ type: "percent_off", config: { percent: 5 } }] });

afterEach(() => clearActiveRulesCache());

describe("active rules cache", () => {
  it("loads once, re-checks the version at most every RECHECK_MS, reloads only when it moved", async () => {
    clearActiveRulesCache();
    let set = [rule("a"), rule("b", ["b2c"])];
    const f = fakeSource(() => set);
    const active = new ActiveRules(f.source);
    const t = 1_000_000;
    const loadsBefore = activeRulesLoads();
    expect((await active.rulesFor("b2b", t))!.rules.map((r) => r.id)).toEqual(["a"]);
    expect((await active.rulesFor("b2c", t + 1))!.rules.map((r) => r.id)).toEqual(["a", "b"]);
    await active.rulesFor("b2b", t + RECHECK_MS - 1);
    expect(f.calls).toEqual({ version: 0, load: 1 });
    await active.rulesFor("b2b", t + RECHECK_MS);
    expect(f.calls).toEqual({ version: 1, load: 1 }); // same version: no reload
    set = [rule("c")];
    f.bump();
    await active.rulesFor("b2b", t + RECHECK_MS + 10); // within the period: still the old rules (the staleness bound)
    expect((await active.rulesFor("b2b", t + RECHECK_MS + 10))!.rules.map((r) => r.id)).toEqual(["a"]);
    expect((await active.rulesFor("b2b", t + 2 * RECHECK_MS))!.rules.map((r) => r.id)).toEqual(["c"]);
    expect(f.calls).toEqual({ version: 2, load: 2 });
    expect(activeRulesLoads() - loadsBefore).toBe(2);
  });

  it("concurrent first calls share one load; clearing (promotions.changed) forces a reload", async () => {
    clearActiveRulesCache();
    const f = fakeSource(() => [rule("a")]);
    const active = new ActiveRules(f.source);
    await Promise.all(Array.from({ length: 10 }, (_, i) => active.rulesFor("b2b", 5_000 + i)));
    expect(f.calls.load).toBe(1);
    clearActiveRulesCache();
    await active.rulesFor("b2b", 5_100);
    expect(f.calls.load).toBe(2);
  });
});
