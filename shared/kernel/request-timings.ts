/**
 * Where a request's time went, for the `Server-Timing` response header: the Worker's own time and
 * each kind of Durable Object call it waited on. Benchmarks read it to separate the cost of the
 * code from wrangler dev's per-request proxy hop, which a client-side figure always includes.
 *
 * The clock is `performance.now()`. In wrangler dev it advances during execution, so the figures
 * are exact there; in production Workers it only advances at I/O, so a span is bounded by the I/O
 * around it (a Durable Object call is I/O, so its span stays meaningful).
 */
export class RequestTimings {
  private readonly spans = new Map<string, { ms: number; calls: number }>();

  add(name: string, ms: number): void {
    const s = this.spans.get(name);
    if (s) {
      s.ms += ms;
      s.calls++;
    } else this.spans.set(name, { ms, calls: 1 });
  }

  /** Awaits `work`, adding its duration to `name` even when it throws. */
  async time<T>(name: string, work: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      this.add(name, performance.now() - t0);
    }
  }

  /** `app;dur=12.3, cart;dur=8.1;desc="1 call"` (durations in ms, as the header's grammar wants) */
  header(appMs: number): string {
    const parts = [`app;dur=${round(appMs)}`];
    for (const [name, s] of this.spans) parts.push(`${name};dur=${round(s.ms)};desc="${s.calls} call${s.calls === 1 ? "" : "s"}"`);
    return parts.join(", ");
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/**
 * A Durable Object stub whose method calls are timed under `name`. Only calls are wrapped: other
 * properties (id, name) pass through untouched, and so does `then`, which an RPC stub answers like
 * any other name: wrapping it would make the stub look like a promise.
 */
export function timedStub<T extends object>(stub: T, name: string, timings: RequestTimings | undefined): T {
  if (!timings) return stub;
  return new Proxy(stub, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== "function" || typeof key !== "string" || key === "then") return value;
      // Reflect.apply, not value.apply: on an RPC method, `.apply` would be another remote name
      return (...args: unknown[]) => timings.time(name, () => Reflect.apply(value, target, args) as Promise<unknown>);
    },
  });
}
