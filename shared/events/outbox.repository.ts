import { and, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Executor, Tx } from "../kernel/db";
import type { EventEnvelope } from "./event-envelope";
import { domainEvents, processedEvents } from "./events.tables";

export async function insertEvents(tx: Executor, events: EventEnvelope[]): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(domainEvents).values(
    events.map((e) => ({
      id: e.id,
      type: e.type,
      aggregateType: e.aggregateType,
      aggregateId: e.aggregateId,
      channelCode: e.channelCode,
      payload: e.payload as object,
      occurredAt: new Date(e.occurredAt),
    })),
  );
}

export async function markPublished(db: Executor, ids: string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(domainEvents)
    .set({ publishedAt: at, publishAttempts: sql`${domainEvents.publishAttempts} + 1` })
    .where(inArray(domainEvents.id, ids));
}

export async function markPublishFailed(db: Executor, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(domainEvents)
    .set({ publishAttempts: sql`${domainEvents.publishAttempts} + 1` })
    .where(inArray(domainEvents.id, ids));
}

/** Locks the rows it returns (skip locked) so two concurrent sweeps do not both send them. */
export async function lockUnpublished(tx: Tx, olderThan: Date, limit: number): Promise<EventEnvelope[]> {
  const rows = await tx
    .select()
    .from(domainEvents)
    .where(and(isNull(domainEvents.publishedAt), lte(domainEvents.occurredAt, olderThan)))
    .orderBy(domainEvents.occurredAt)
    .limit(limit)
    .for("update", { skipLocked: true });
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    aggregateType: r.aggregateType,
    aggregateId: r.aggregateId,
    channelCode: r.channelCode,
    payload: r.payload,
    occurredAt: r.occurredAt.toISOString(),
  }));
}

/** Returns true when this (event, handler) had not been processed yet, i.e. the handler must run. */
export async function claimProcessing(tx: Tx, eventId: string, handler: string, at: Date): Promise<boolean> {
  const rows = await tx
    .insert(processedEvents)
    .values({ eventId, handler, processedAt: at })
    .onConflictDoNothing()
    .returning({ eventId: processedEvents.eventId });
  return rows.length === 1;
}

export async function markDeadLettered(db: Executor, ids: string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.update(domainEvents).set({ deadLetteredAt: at }).where(inArray(domainEvents.id, ids));
}
