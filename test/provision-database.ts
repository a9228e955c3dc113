import { provisionScratchDatabase, type ScratchDatabase } from "../scripts/lib/postgres";

export type TestDatabase = ScratchDatabase;

/**
 * One fresh database per test run (see provisionScratchDatabase). Called from vitest.config.ts,
 * which Node loads directly: the Workers plugin would otherwise resolve the Postgres driver to its
 * workerd build.
 */
export function provisionTestDatabase(): Promise<TestDatabase> {
  return provisionScratchDatabase("test");
}
