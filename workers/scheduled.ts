import { sweepOutbox } from "../shared/events";
import { openDbFromEnv, queueEventSender } from "../shared/platform";

/** Cron: republish outbox events whose send after commit failed (at-least-once delivery). */
export async function handleScheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  const handle = openDbFromEnv(env);
  try {
    const sent = await sweepOutbox(handle.db, queueEventSender(env.EVENTS), new Date(controller.scheduledTime));
    if (sent > 0) console.log(`outbox sweep republished ${sent} event(s)`);
  } finally {
    ctx.waitUntil(handle.close());
  }
}
