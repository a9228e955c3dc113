import { z } from "zod";
import { parseInput } from "../kernel/validation";

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a UUID");
const common = {
  cartId: z.string().min(1).max(64).nullish(),
  expectedVersion: z.number().int().min(0).nullish(),
  guestToken: z.string().max(200).nullish(),
};
/** quantity rules (≥ 1, ≤ max, case packs…) are the cart's own checks, with their own reasons */
const quantity = z.number().int("must be a whole number");

export const addLineSchema = z
  .object({ ...common, variantId: uuid.nullish(), sku: z.string().trim().min(1).max(128).nullish(), quantity })
  .refine((v) => (v.variantId ? 1 : 0) + (v.sku ? 1 : 0) === 1, { message: "give exactly one of variantId or sku", path: ["variantId"] });
export const setQuantitySchema = z.object({ ...common, variantId: uuid, quantity });
export const removeLineSchema = z.object({ ...common, variantId: uuid });
export const cartRefSchema = z.object(common);
export const quickOrderSchema = z.object({ ...common, csv: z.string(), allOrNothing: z.boolean().nullish() });
export const currencySchema = z.object({ ...common, currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code like USD") });
export const cartNameSchema = z.object({ guestToken: common.guestToken, name: z.string().trim().min(1).max(80) });
export const couponSchema = z.object({ ...common, code: z.string().trim().min(1).max(64) });
export const reorderSchema = z.object({ ...common, orderId: uuid });

export const idleCartsSchema = z.object({ idleHours: z.number().int().min(1).max(24 * 365), channelId: uuid.nullish(), first: z.number().int().min(1).max(500).nullish() });

export const parseCartInput = <S extends z.ZodType>(schema: S, input: unknown) => parseInput(schema, input, "input");
