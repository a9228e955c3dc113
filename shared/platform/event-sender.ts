import type { EventEnvelope, EventSender } from "../events";

/** Queues accept at most 100 messages per sendBatch call. */
const MAX_BATCH = 100;

export function queueEventSender(queue: Queue): EventSender {
  return {
    async send(events: EventEnvelope[]) {
      for (let i = 0; i < events.length; i += MAX_BATCH) {
        await queue.sendBatch(events.slice(i, i + MAX_BATCH).map((body) => ({ body, contentType: "json" as const })));
      }
    },
  };
}
