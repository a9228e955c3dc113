import type { TestDatabase } from "./provision-database";

/** The database is provisioned by vitest.config.ts; this only tears it down after the run. */
export default function setup() {
  return async () => {
    const db = (globalThis as { __vectisTestDb?: TestDatabase }).__vectisTestDb;
    await db?.teardown();
  };
}
