import { dispatchEvents, recordDeadLetters } from "../shared/events";
import { openDbFromEnv, priceBookClient } from "../shared/platform";
import { orderApprovalWorkflowClient } from "../shared/platform/order-approval-platform";
import { usageCounterRedemptions } from "../shared/promotions";

const DLQ = "vectis-events-dlq";

/** Queue consumer: domain events are dispatched to their handlers; dead letters are flagged in the log. */
export async function handleQueue(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const handle = openDbFromEnv(env);
  try {
    if (batch.queue === DLQ || batch.queue.endsWith("-dlq")) {
      await recordDeadLetters(handle.db, batch.messages, new Date());
    } else {
      await dispatchEvents(handle.db, batch.messages, () => new Date(), {
        priceBooks: priceBookClient(env),
        orderApprovals: orderApprovalWorkflowClient(env),
        redemptions: usageCounterRedemptions(env.USAGE_COUNTER),
      });
    }
  } finally {
    ctx.waitUntil(handle.close());
  }
}
