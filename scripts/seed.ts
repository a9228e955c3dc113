// `npm run db:seed`: write the demo data to DATABASE_URL once.
import { seedDemoData } from "./seed/index";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set");
  process.exit(2);
}
console.log(await seedDemoData(url));
