/** Inputs of the order reading and management APIs (zod; errors name the field). */
import { z } from "zod";

const uuid = z.uuid("must be an order id (uuid)");
const state = z.string().trim().regex(/^[a-z][a-z0-9_]*$/, "must be a state code");

export const pageSchema = z.object({
  first: z.number().int().min(1).max(100).default(20),
  after: z.string().min(1).nullish(),
});

const dateRange = {
  from: z.date().nullish(),
  to: z.date().nullish(),
};

export const myOrdersFilterSchema = z
  .object({
    states: z.array(state).max(20).nullish(),
    ...dateRange,
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "must not be after `to`", path: ["from"] });

export const adminOrdersFilterSchema = z
  .object({
    channelCode: z.string().trim().min(1).nullish(),
    states: z.array(state).max(20).nullish(),
    accountId: z.uuid().nullish(),
    customerId: z.uuid().nullish(),
    email: z.string().trim().min(3).max(320).nullish(),
    number: z.number().int().positive().nullish(),
    ...dateRange,
    totalMin: z.number().int().nonnegative().nullish(),
    totalMax: z.number().int().nonnegative().nullish(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "must not be after `to`", path: ["from"] })
  .refine((f) => f.totalMin == null || f.totalMax == null || f.totalMin <= f.totalMax, { message: "must not exceed totalMax", path: ["totalMin"] });

export type MyOrdersFilter = z.output<typeof myOrdersFilterSchema>;
export type AdminOrdersFilter = z.output<typeof adminOrdersFilterSchema>;
export type Page = z.output<typeof pageSchema>;

/** `order(id | number)`: exactly one of them. */
export const orderRefSchema = z
  .object({ id: uuid.nullish(), number: z.number().int().positive().nullish() })
  .refine((r) => (r.id == null) !== (r.number == null), { message: "give exactly one of id or number", path: ["id"] });
export type OrderRef = z.output<typeof orderRefSchema>;

export const orderIdSchema = uuid;

/** Free text recorded with a transition (cancel, hold, release…): trimmed, empty = none. */
export const transitionReasonSchema = z
  .string()
  .trim()
  .max(500)
  .nullish()
  .transform((r) => r || null);

export const transitionInputSchema = z.object({
  orderId: uuid,
  to: state,
  reason: transitionReasonSchema,
});

export const fulfillmentLinesSchema = z
  .array(z.object({ lineId: z.uuid("must be an order line id"), quantity: z.number().int().positive().max(1_000_000) }))
  .min(1)
  .max(1000)
  .superRefine((lines, ctx) => {
    const seen = new Set<string>();
    lines.forEach((l, i) => {
      if (seen.has(l.lineId)) ctx.addIssue({ code: "custom", message: "line appears twice", path: [i, "lineId"] });
      seen.add(l.lineId);
    });
  });
export type FulfillmentLineInput = z.output<typeof fulfillmentLinesSchema>[number];
