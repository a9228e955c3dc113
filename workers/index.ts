import { app } from "./app";
import { handleQueue } from "./queue";
import { handleScheduled } from "./scheduled";

export { UsageCounterObject } from "../durable-objects/usage-counter/usage-counter.durable-object";

export default {
  fetch: app.fetch,
  queue: handleQueue,
  scheduled: handleScheduled,
} satisfies ExportedHandler<Env, unknown>;
