import { app } from "./app";
import { handleQueue } from "./queue";
import { handleScheduled } from "./scheduled";

export { AccountApprovalWorkflow } from "../workflows/account-approval/account-approval.workflow";
export { OrderApprovalWorkflow } from "../workflows/order-approval/order-approval.workflow";
export { UsageCounterObject } from "../durable-objects/usage-counter/usage-counter.durable-object";
export { PriceBookObject } from "../durable-objects/price-book/price-book.durable-object";
export { CartObject } from "../durable-objects/cart/cart.durable-object";

export default {
  fetch: app.fetch,
  queue: handleQueue,
  scheduled: handleScheduled,
} satisfies ExportedHandler<Env, unknown>;
