import { createExecutionContext, createMessageBatch, createScheduledController, env, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it, vi } from "vitest";
import worker from "../../../workers/index";
import { domainEvents, makeEnvelope, Outbox, registerEventHandler, transactional, type EventSender } from "../../../shared/events";
import { appMeta } from "../../../shared/platform";
import { withDb } from "../../helpers/db";

/**
 * The handler under test records one effect per delivery it acts on, in app_meta, inside the
 * transaction the dispatcher gives it: the count is what proves "exactly one effect".
 */
const unregister = registerEventHandler<{ n: number }>({
  name: "test.effect-counter",
  eventType: "test.counted",
  async handle(tx, event) {
    await tx.execute(sql`
      insert into app_meta (key, value) values (${`effect:${event.id}`}, '1'::jsonb)
      on conflict (key) do update set value = to_jsonb((app_meta.value)::text::int + 1)`);
  },
});
const unregisterFailing = registerEventHandler({
  name: "test.always-fails",
  eventType: "test.poison",
  async handle() {
    throw new Error("downstream is broken");
  },
});
afterAll(() => {
  unregister();
  unregisterFailing();
});

async function effectCount(eventId: string): Promise<number> {
  return withDb(async ({ db }) => {
    const [row] = await db.select().from(appMeta).where(eq(appMeta.key, `effect:${eventId}`));
    return row ? Number(row.value) : 0;
  });
}

describe("event delivery from the outbox", () => {
  it("an event delivered twice reaches its handler once", async () => {
    const event = makeEnvelope({ type: "test.counted", aggregateType: "test", aggregateId: "a1", payload: { n: 1 } }, new Date());
    const batch = createMessageBatch("vectis-events", [
      { id: "m1", timestamp: new Date(), attempts: 1, body: event },
      { id: "m2", timestamp: new Date(), attempts: 1, body: event },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    await waitOnExecutionContext(ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(["m1", "m2"]);
    expect(await effectCount(event.id)).toBe(1);

    // a later redelivery (e.g. after a consumer crash) still has no second effect
    const again = createMessageBatch("vectis-events", [{ id: "m3", timestamp: new Date(), attempts: 2, body: event }]);
    const ctx2 = createExecutionContext();
    await worker.queue(again, env, ctx2);
    await waitOnExecutionContext(ctx2);
    expect(await effectCount(event.id)).toBe(1);
  });

  it("a failing handler retries the message and leaves no partial effect; a malformed message is dropped", async () => {
    const poison = makeEnvelope({ type: "test.poison", aggregateType: "test", aggregateId: "p", payload: {} }, new Date());
    const batch = createMessageBatch("vectis-events", [
      { id: "p1", timestamp: new Date(), attempts: 1, body: poison },
      { id: "junk", timestamp: new Date(), attempts: 1, body: { hello: "world" } as never },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["p1"]);
    expect(result.explicitAcks).toEqual(["junk"]);
    const processed = await withDb(({ db }) => db.execute(sql`select count(*)::int as n from processed_events where event_id = ${poison.id}`));
    expect((processed as unknown as { n: number }[])[0]!.n).toBe(0);
  });

  it("an event whose send failed after commit is delivered by the scheduled sweep", async () => {
    // Fault injection: the queue is reachable here, so a sender that throws stands in for an outage.
    const broken: EventSender = { send: async () => Promise.reject(new Error("queue unavailable")) };
    const created = await withDb(async ({ db }) => {
      const outbox = new Outbox(db, broken, () => new Date());
      return transactional(db, outbox, async (_tx, emit) => {
        await emit({ type: "test.counted", aggregateType: "test", aggregateId: "sweep", payload: { n: 2 } });
        return true;
      });
    });
    expect(created).toBe(true);
    const [row] = await withDb(({ db }) => db.select().from(domainEvents).where(eq(domainEvents.aggregateId, "sweep")));
    expect(row!.publishedAt).toBeNull();
    expect(row!.publishAttempts).toBe(1);
    expect(await effectCount(row!.id)).toBe(0);

    // the cron runs later than the grace period; it republishes through the real EVENTS queue
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now() + 120_000, cron: "* * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    const [after] = await withDb(({ db }) => db.select().from(domainEvents).where(eq(domainEvents.id, row!.id)));
    expect(after!.publishedAt).not.toBeNull();
    await vi.waitFor(async () => expect(await effectCount(row!.id)).toBe(1), { timeout: 10_000, interval: 100 });
  });

  it("a rolled-back change leaves no event behind", async () => {
    const sent: unknown[] = [];
    const sender: EventSender = { send: async (e) => void sent.push(...e) };
    const aggregateId = crypto.randomUUID();
    await withDb(async ({ db }) => {
      const outbox = new Outbox(db, sender, () => new Date());
      await expect(
        transactional(db, outbox, async (_tx, emit) => {
          await emit({ type: "test.counted", aggregateType: "test", aggregateId, payload: {} });
          throw new Error("business rule failed");
        }),
      ).rejects.toThrow("business rule failed");
    });
    expect(sent).toHaveLength(0);
    const rows = await withDb(({ db }) => db.select().from(domainEvents).where(eq(domainEvents.aggregateId, aggregateId)));
    expect(rows).toHaveLength(0);
  });

  it("a dead-lettered event is flagged in the log for replay", async () => {
    const sender: EventSender = { send: async () => {} };
    const aggregateId = crypto.randomUUID();
    await withDb(async ({ db }) => {
      const outbox = new Outbox(db, sender, () => new Date());
      await transactional(db, outbox, (_tx, emit) => emit({ type: "test.poison", aggregateType: "test", aggregateId, payload: {} }));
    });
    const [row] = await withDb(({ db }) => db.select().from(domainEvents).where(eq(domainEvents.aggregateId, aggregateId)));
    const envelope = { id: row!.id, type: row!.type, aggregateType: "test", aggregateId, channelCode: null, payload: {}, occurredAt: row!.occurredAt.toISOString() };
    const batch = createMessageBatch("vectis-events-dlq", [{ id: "d1", timestamp: new Date(), attempts: 1, body: envelope }]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    await waitOnExecutionContext(ctx);
    const [after] = await withDb(({ db }) => db.select().from(domainEvents).where(eq(domainEvents.id, row!.id)));
    expect(after!.deadLetteredAt).not.toBeNull();
  });
});
