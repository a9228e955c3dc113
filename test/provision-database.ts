import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  dropDatabase,
  ensureDatabase,
  externalPostgres,
  freePort,
  runMigrations,
  startEmbeddedPostgres,
  type RunningPostgres,
} from "../scripts/lib/postgres";
import { seedDemoData } from "../scripts/seed/index";

export interface TestDatabase {
  url: string;
  teardown(): Promise<void>;
}

/**
 * One fresh database per test run, so runs never see each other's data: a new embedded server in
 * a temporary directory, or a new database on DATABASE_URL's server (dropped afterwards).
 * Called from vitest.config.ts, which Node loads directly (the Workers plugin would otherwise
 * resolve the Postgres driver to its workerd build).
 */
export async function provisionTestDatabase(): Promise<TestDatabase> {
  const dbName = `vectis_test_${process.pid}_${Date.now().toString(36)}`;
  let pg: RunningPostgres;
  let dataDir: string | undefined;
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    pg = externalPostgres(process.env.DATABASE_URL);
    adminUrl = process.env.DATABASE_URL;
  } else {
    dataDir = join(tmpdir(), `vectis-pg-${process.pid}-${Date.now().toString(36)}`);
    pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false, quiet: true });
    adminUrl = pg.urlFor("postgres");
  }
  await ensureDatabase(adminUrl, dbName);
  const url = pg.urlFor(dbName);
  await runMigrations(url);
  await seedDemoData(url);

  const teardown = async () => {
    if (pg.embedded) {
      await pg.stop().catch(() => {});
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    } else {
      await dropDatabase(adminUrl, dbName).catch(() => {});
    }
  };
  return { url, teardown };
}
