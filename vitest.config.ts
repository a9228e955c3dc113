import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { provisionTestDatabase, type TestDatabase } from "./test/provision-database";

// Tests run inside workerd against a real PostgreSQL: a fresh database for the run (on
// DATABASE_URL's server when set, an embedded server otherwise), migrated and seeded, becomes the
// Hyperdrive binding's local connection string. test/global-setup.ts drops it afterwards.
export default defineConfig(async () => {
  const g = globalThis as { __vectisTestDb?: TestDatabase };
  g.__vectisTestDb ??= await provisionTestDatabase();
  const databaseUrl = g.__vectisTestDb.url;
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          hyperdrives: { HYPERDRIVE: databaseUrl },
          bindings: { ENVIRONMENT: "test" },
        },
      }),
    ],
    test: {
      globalSetup: ["./test/global-setup.ts"],
      include: ["test/**/*.test.ts"],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      // postgres.js can leave a pending socket read that rejects after the client closed; only
      // these exact messages are ignored (see the toolchain notes), anything else fails the run.
      onUnhandledError(err: unknown) {
        if (/Stream was cancelled|This socket has been closed/.test(String((err as Error)?.message ?? err))) return false;
      },
    },
  };
});
