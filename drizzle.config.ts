import { defineConfig } from "drizzle-kit";

// Each domain keeps its tables in shared/<domain>/*.tables.ts; drizzle-kit generates SQL into migrations/.
export default defineConfig({
  dialect: "postgresql",
  schema: "./shared/**/*.tables.ts",
  out: "./migrations",
});
