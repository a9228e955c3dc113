/**
 * `npm start`: the whole API on `wrangler dev`. Uses DATABASE_URL when set; otherwise starts an
 * embedded PostgreSQL with its data under .data/ (kept between runs). Migrates, seeds the demo data
 * once, and points the Hyperdrive binding at the database. Ctrl-C stops everything it started.
 */
import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { ensureDatabase, externalPostgres, ROOT, runMigrations, startEmbeddedPostgres, type RunningPostgres } from "./lib/postgres";
import { seedDemoData } from "./seed/index";
import { spawnWranglerDev } from "./lib/wrangler-dev";

const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? "127.0.0.1";

let pg: RunningPostgres;
let url: string;
if (process.env.DATABASE_URL) {
  pg = externalPostgres(process.env.DATABASE_URL);
  url = process.env.DATABASE_URL;
  console.log("using DATABASE_URL");
} else {
  const pgPort = Number(process.env.PGPORT ?? 54329);
  pg = await startEmbeddedPostgres({ dataDir: join(ROOT, ".data/postgres"), port: pgPort, persistent: true, quiet: true });
  await ensureDatabase(pg.urlFor("postgres"), "vectis");
  url = pg.urlFor("vectis");
  console.log(`embedded PostgreSQL on 127.0.0.1:${pgPort} (data in .data/postgres)`);
}

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  if (wrangler && wrangler.exitCode === null) {
    wrangler.kill("SIGINT");
    await new Promise((r) => {
      const t = setTimeout(() => {
        wrangler?.kill("SIGKILL");
        r(null);
      }, 5000);
      wrangler?.once("exit", () => {
        clearTimeout(t);
        r(null);
      });
    });
  }
  await pg.stop().catch(() => {});
  process.exit(code);
}
let wrangler: ChildProcess | undefined;
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  await runMigrations(url);
  console.log(`demo data: ${await seedDemoData(url)}`);
} catch (e) {
  console.error("database setup failed:", e);
  await shutdown(1);
}

wrangler = spawnWranglerDev({
  databaseUrl: url,
  port,
  host,
  persistTo: join(ROOT, ".data/wrangler"),
  logLevel: process.env.WRANGLER_LOG ?? "warn",
  extraArgs: ["--test-scheduled"],
});
wrangler.on("exit", (code) => void shutdown(code ?? 0));
console.log(`Vectis Edge starting on http://${host}:${port}
  shop API   http://${host}:${port}/graphql       (GraphiQL in the browser)
  admin API  http://${host}:${port}/admin/graphql
  health     http://${host}:${port}/health
  channels   x-channel: b2b | b2c (default) | hybrid`);
