// `npm run db:migrate`: apply migrations/ to DATABASE_URL.
import { runMigrations } from "./lib/postgres";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set (npm start migrates the embedded database by itself)");
  process.exit(2);
}
await runMigrations(url);
console.log("migrations applied");
