import { z } from "zod";

export interface EventEnvelope<P = unknown> {
  id: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  channelCode: string | null;
  payload: P;
  /** ISO timestamp */
  occurredAt: string;
}

/** Queue messages are validated before dispatch: a malformed message is dead-lettered, not run. */
export const eventEnvelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().min(1),
  aggregateType: z.string().min(1),
  aggregateId: z.string().min(1),
  channelCode: z.string().nullable(),
  payload: z.unknown(),
  occurredAt: z.string(),
});

export interface NewEvent<P = unknown> {
  type: string;
  aggregateType: string;
  aggregateId: string;
  channelCode?: string | null;
  payload: P;
}

export function makeEnvelope<P>(e: NewEvent<P>, now: Date, id: string = crypto.randomUUID()): EventEnvelope<P> {
  return {
    id,
    type: e.type,
    aggregateType: e.aggregateType,
    aggregateId: e.aggregateId,
    channelCode: e.channelCode ?? null,
    payload: e.payload,
    occurredAt: now.toISOString(),
  };
}
