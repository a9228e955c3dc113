import type { Db, Tx } from "../kernel/db";
import { eventEnvelopeSchema, makeEnvelope, type EventEnvelope, type NewEvent } from "./event-envelope";
import { handlersFor, type EventClients } from "./event-handlers";
import { claimProcessing, insertEvents, lockUnpublished, markDeadLettered, markPublished, markPublishFailed } from "./outbox.repository";

/** The queue, as the events domain sees it; `shared/platform` implements it over the EVENTS binding. */
export interface EventSender {
  send(events: EventEnvelope[]): Promise<void>;
}

/**
 * Per-request outbox: `record` writes events in the caller's transaction; `flush` (after commit)
 * sends them and marks them published. A failed send leaves them for the sweep.
 */
export class Outbox {
  private pending: EventEnvelope[] = [];
  constructor(
    private readonly db: Db,
    private readonly sender: EventSender,
    private readonly now: () => Date,
  ) {}

  async record(tx: Tx, events: NewEvent[]): Promise<EventEnvelope[]> {
    const at = this.now();
    const envelopes = events.map((e) => makeEnvelope(e, at));
    await insertEvents(tx, envelopes);
    this.pending.push(...envelopes);
    return envelopes;
  }

  /** Call after the transaction committed. Never throws: the sweep is the safety net. */
  async flush(): Promise<{ sent: number; failed: number }> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return { sent: 0, failed: 0 };
    const ids = batch.map((e) => e.id);
    try {
      await this.sender.send(batch);
    } catch {
      await markPublishFailed(this.db, ids).catch(() => {});
      return { sent: 0, failed: batch.length };
    }
    await markPublished(this.db, ids, this.now()).catch(() => {});
    return { sent: batch.length, failed: 0 };
  }

  /** Drop what was recorded in a transaction that rolled back. */
  discard(): void {
    this.pending = [];
  }
}

export interface SweepOptions {
  /** events younger than this are probably still being flushed by their request */
  graceMs?: number;
  limit?: number;
}

export async function sweepOutbox(db: Db, sender: EventSender, now: Date, opts: SweepOptions = {}): Promise<number> {
  const olderThan = new Date(now.getTime() - (opts.graceMs ?? 30_000));
  return db.transaction(async (tx) => {
    const events = await lockUnpublished(tx, olderThan, opts.limit ?? 500);
    if (events.length === 0) return 0;
    await sender.send(events);
    await markPublished(tx, events.map((e) => e.id), now);
    return events.length;
  });
}

/** The slice of a queue message the dispatcher needs (Cloudflare's Message fits it). */
export interface InboundMessage {
  body: unknown;
  ack(): void;
  retry(): void;
}

export interface DispatchResult {
  handled: number;
  skippedDuplicates: number;
  retried: number;
  rejected: number;
}

/**
 * Runs every registered handler for each message, each in its own transaction with its
 * idempotency claim. One failing handler retries the message; handlers that already took effect
 * skip on redelivery. Malformed messages are acked and counted as rejected (nothing can fix them).
 */
export async function dispatchEvents(
  db: Db,
  messages: readonly InboundMessage[],
  now: () => Date,
  clients: EventClients = {} as EventClients,
): Promise<DispatchResult> {
  const result: DispatchResult = { handled: 0, skippedDuplicates: 0, retried: 0, rejected: 0 };
  for (const msg of messages) {
    const parsed = eventEnvelopeSchema.safeParse(msg.body);
    if (!parsed.success) {
      result.rejected++;
      msg.ack();
      continue;
    }
    const event = parsed.data as EventEnvelope;
    let failed = false;
    for (const h of handlersFor(event.type)) {
      try {
        const ran = await db.transaction(async (tx) => {
          if (!(await claimProcessing(tx, event.id, h.name, now()))) return false;
          await h.handle(tx, event, clients);
          return true;
        });
        if (ran) result.handled++;
        else result.skippedDuplicates++;
      } catch (e) {
        failed = true;
        console.error(`event handler ${h.name} failed for ${event.type} ${event.id}: ${(e as Error).message}`);
      }
    }
    if (failed) {
      result.retried++;
      msg.retry();
    } else msg.ack();
  }
  return result;
}

/** Dead-letter consumer: the event stays in the log, flagged, for an operator to replay. */
export async function recordDeadLetters(db: Db, messages: readonly InboundMessage[], now: Date): Promise<number> {
  const ids: string[] = [];
  for (const m of messages) {
    const parsed = eventEnvelopeSchema.safeParse(m.body);
    if (parsed.success) ids.push(parsed.data.id);
    m.ack();
  }
  await markDeadLettered(db, ids, now);
  return ids.length;
}

/**
 * The one way domains change data and emit events together: the events are written in the same
 * transaction as the change and sent once it has committed. A rollback drops them.
 */
export async function transactional<T>(
  db: Db,
  outbox: Outbox,
  fn: (tx: Tx, emit: (...events: NewEvent[]) => Promise<void>) => Promise<T>,
): Promise<T> {
  try {
    const result = await db.transaction(async (tx) =>
      fn(tx, async (...events) => {
        await outbox.record(tx, events);
      }),
    );
    await outbox.flush();
    return result;
  } catch (e) {
    outbox.discard();
    throw e;
  }
}
