import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The outbox and replayable event log: a domain change writes its event here in the same
 * transaction; publishing to the queue happens after commit, and the sweep republishes rows
 * whose send failed (published_at still null).
 */
export const domainEvents = pgTable(
  "domain_events",
  {
    id: uuid("id").primaryKey(),
    type: text("type").notNull(),
    aggregateType: text("aggregate_type").notNull(),
    aggregateId: text("aggregate_id").notNull(),
    channelCode: text("channel_code"),
    payload: jsonb("payload").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    publishAttempts: integer("publish_attempts").notNull().default(0),
    deadLetteredAt: timestamp("dead_lettered_at", { withTimezone: true }),
  },
  (t) => [
    index("domain_events_unpublished_idx").on(t.occurredAt).where(sql`${t.publishedAt} is null`),
    index("domain_events_aggregate_idx").on(t.aggregateType, t.aggregateId),
    index("domain_events_type_idx").on(t.type, t.occurredAt),
  ],
);

/** One row per (event, handler) that has taken effect: the consumer's idempotency record. */
export const processedEvents = pgTable(
  "processed_events",
  {
    eventId: uuid("event_id").notNull(),
    handler: text("handler").notNull(),
    processedAt: timestamp("processed_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.handler] })],
);
