export { openDb, openDbFromEnv, type DbHandle } from "./db";
export { queueEventSender } from "./event-sender";
export { readConfig, type AppConfig } from "./config";
export { appMeta } from "./platform.tables";
export { priceBookClient } from "./price-book-client";
