import type { AttemptCounter } from "../auth";

/**
 * AttemptCounter over the USAGE_COUNTER Durable Object. Each key gets its own object (named by
 * the key), so unrelated emails and addresses never contend on one object.
 */
export function usageCounterClient(ns: Env["USAGE_COUNTER"]): AttemptCounter {
  const stub = (key: string) => ns.get(ns.idFromName(key));
  return {
    async hit(key, req) {
      const r = await stub(key).consume(key, { amount: 1, limit: req.limit, windowMs: req.windowMs, nowMs: req.nowMs });
      return { allowed: r.allowed, count: r.count, resetAt: r.resetAt };
    },
    async peek(key, windowMs, nowMs) {
      return stub(key).peek(key, nowMs, windowMs);
    },
    async reset(key) {
      await stub(key).reset(key);
    },
  };
}
