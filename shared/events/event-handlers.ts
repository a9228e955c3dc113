import type { Tx } from "../kernel/db";
import type { EventEnvelope } from "./event-envelope";

/**
 * Clients a handler may need beyond the database (a Durable Object namespace, say), built per batch
 * by the Worker. Each domain adds its entries by declaration merging, like GraphQL `Services`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EventClients {}

/**
 * Domains subscribe to event types here. A handler runs inside a transaction together with the
 * insert of its idempotency record, so an event delivered twice takes effect once.
 */
export interface EventHandler<P = unknown> {
  /** stable name: part of the idempotency key, never reuse one for a different effect */
  name: string;
  eventType: string;
  handle(tx: Tx, event: EventEnvelope<P>, clients: EventClients): Promise<void>;
}

const handlers = new Map<string, EventHandler[]>();

export function registerEventHandler<P>(h: EventHandler<P>): () => void {
  const list = handlers.get(h.eventType) ?? [];
  if (list.some((x) => x.name === h.name)) throw new Error(`Event handler "${h.name}" is already registered for ${h.eventType}`);
  list.push(h as EventHandler);
  handlers.set(h.eventType, list);
  return () => {
    const cur = handlers.get(h.eventType) ?? [];
    handlers.set(
      h.eventType,
      cur.filter((x) => x !== (h as EventHandler)),
    );
  };
}

export function handlersFor(type: string): readonly EventHandler[] {
  return handlers.get(type) ?? [];
}
