/**
 * Benchmarks that go through the Worker start their own stack: a fresh embedded PostgreSQL (or a
 * new database on DATABASE_URL's server), migrated and seeded, and `wrangler dev` pointed at it on
 * a free port. Figures measured this way include the local runtime's own ceilings (see the
 * toolchain notes: local Hyperdrive opens a connection per request), so DB-free paths are also
 * measured apart where it matters.
 */
import type { ChildProcess } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { freePort, provisionScratchDatabase } from "../../../scripts/lib/postgres";
import { spawnWranglerDev } from "../../../scripts/lib/wrangler-dev";
import { serverTiming } from "../../helpers/server-timing";

export interface Stack {
  baseUrl: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

export async function startStack(opts: { seed?: (databaseUrl: string) => Promise<void> } = {}): Promise<Stack> {
  const db = await provisionScratchDatabase("bench");
  const databaseUrl = db.url;
  if (opts.seed) await opts.seed(databaseUrl);

  const port = await freePort();
  const wrangler: ChildProcess = spawnWranglerDev({
    databaseUrl,
    port,
    persistTo: join(db.dataDir ?? tmpdir(), `wrangler-${port}`),
    logLevel: "error",
    stdio: ["ignore", "ignore", "inherit"],
    // the deployed bundle's libraries take their production paths (see spawnWranglerDev)
    nodeEnv: "production",
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const r = await fetch(`${baseUrl}/health`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline || wrangler.exitCode !== null) {
      wrangler.kill("SIGKILL");
      throw new Error("wrangler dev did not become healthy within 60 s");
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    baseUrl,
    databaseUrl,
    async stop() {
      wrangler.kill("SIGINT");
      await new Promise((r) => {
        const t = setTimeout(() => {
          wrangler.kill("SIGKILL");
          r(null);
        }, 5000);
        wrangler.once("exit", () => {
          clearTimeout(t);
          r(null);
        });
      });
      await db.teardown();
    },
  };
}

export interface LoadResult {
  requestsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
}

/** Bounded load on the local stack only (127.0.0.1), for `durationSec` seconds. */
export async function loadTest(opts: {
  url: string;
  connections: number;
  durationSec: number;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
}): Promise<LoadResult> {
  if (!/^http:\/\/127\.0\.0\.1:/.test(opts.url)) throw new Error("load tests target the local stack only");
  const r = await autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.durationSec,
    method: opts.method ?? "POST",
    headers: { "content-type": "application/json", ...opts.headers },
    body: opts.body,
  });
  return {
    requestsPerSec: Math.round(r.requests.average * 10) / 10,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
    total: r.requests.total,
  };
}

/** POST a GraphQL query and return the body plus what the Worker reported: SQL statements and Server-Timing spans. */
export async function graphqlOnce(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const t0 = performance.now();
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: unknown; errors?: unknown[] };
  const ms = performance.now() - t0;
  return { ms, sqlQueries: Number(res.headers.get("x-sql-queries") ?? NaN), body, status: res.status, serverTiming: serverTiming(res) };
}

/** "0×298 1×2": how many requests ran how many SQL statements. */
export const histogram = (counts: number[]) =>
  [...counts.reduce((m, c) => m.set(c, (m.get(c) ?? 0) + 1), new Map<number, number>())].sort((a, b) => a[0] - b[0]).map(([k, n]) => `${k}×${n}`).join(" ");

/** A fresh stack seeded by `seed`, stopped after `fn` whatever happens; `fn` gets what seed returned. */
export async function withSeededStack<S, T>(seed: (databaseUrl: string) => Promise<S>, fn: (stack: Stack, seeded: S) => Promise<T>): Promise<T> {
  let seeded: S | undefined;
  const stack = await startStack({ seed: async (url) => void (seeded = await seed(url)) });
  try {
    return await fn(stack, seeded as S);
  } finally {
    await stack.stop();
  }
}
