/**
 * Checkout agreements (terms a buyer accepts at checkout), versioned per channel and code.
 * A version is never edited: publishing text under a code creates version n+1 and ends the
 * previous current version (valid_to = now) in the same transaction, so exactly one version of
 * a code is current and orders keep the version they accepted.
 */
import { and, desc, eq, isNull, max } from "drizzle-orm";
import { z } from "zod";
import { channels } from "../channels/channels.tables";
import { transactional, type Outbox } from "../events";
import type { ChannelContext } from "../kernel/channel-context";
import type { Db } from "../kernel/db";
import { badInput, notFound } from "../kernel/errors";
import type { Principal } from "../kernel/principal";
import { parseInput } from "../kernel/validation";
import { audienceOf, isCurrent } from "./checkout-check";
import { checkoutAgreements, type CheckoutAgreementRow } from "./orders.tables";

const code = z.string().trim().min(1).max(60).regex(/^[a-z0-9][a-z0-9_-]*$/i, "letters, digits, - and _ only");

export const publishAgreementSchema = z
  .object({
    channel: z.string().trim().min(1).max(32),
    code,
    title: z.string().trim().min(1).max(200),
    body: z.string().trim().min(1).max(100_000),
    required: z.boolean().default(true),
    appliesTo: z.enum(["all", "b2b", "b2c"]).default("all"),
  })
  .strict();

export interface AgreementsDeps {
  db: Db;
  outbox: Outbox;
  now: Date;
}

export class AgreementsService {
  constructor(private readonly deps: AgreementsDeps) {}

  private async channelId(code: string): Promise<string> {
    const [row] = await this.deps.db.select({ id: channels.id }).from(channels).where(eq(channels.code, code));
    if (!row) throw badInput(`Unknown channel "${code}"`, "channel");
    return row.id;
  }

  /** Shop: the agreements in force for this channel and this kind of buyer. */
  async current(channel: ChannelContext, principal: Principal): Promise<CheckoutAgreementRow[]> {
    if (principal.kind === "staff") return [];
    const audience = audienceOf(principal.kind);
    const rows = await this.deps.db.select().from(checkoutAgreements).where(and(eq(checkoutAgreements.channelId, channel.id), isNull(checkoutAgreements.validTo)));
    return rows.filter((a) => (a.appliesTo === "all" || a.appliesTo === audience) && isCurrent(a, this.deps.now)).sort((a, b) => a.code.localeCompare(b.code));
  }

  /** Admin: every version of the channel's agreements, newest first per code. */
  async versions(channelCode: string): Promise<CheckoutAgreementRow[]> {
    const channelId = await this.channelId(channelCode);
    return this.deps.db.select().from(checkoutAgreements).where(eq(checkoutAgreements.channelId, channelId)).orderBy(checkoutAgreements.code, desc(checkoutAgreements.version));
  }

  async publish(raw: unknown): Promise<CheckoutAgreementRow> {
    const input = parseInput(publishAgreementSchema, raw, "input");
    const channelId = await this.channelId(input.channel);
    const now = this.deps.now;
    return transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      // serialises publishers of one code: the version number and the hand-over are decided under the lock
      await tx.select({ id: channels.id }).from(channels).where(eq(channels.id, channelId)).for("no key update");
      const [{ latest } = { latest: null }] = await tx
        .select({ latest: max(checkoutAgreements.version) })
        .from(checkoutAgreements)
        .where(and(eq(checkoutAgreements.channelId, channelId), eq(checkoutAgreements.code, input.code)));
      await tx
        .update(checkoutAgreements)
        .set({ validTo: now })
        .where(and(eq(checkoutAgreements.channelId, channelId), eq(checkoutAgreements.code, input.code), isNull(checkoutAgreements.validTo)));
      const [row] = await tx
        .insert(checkoutAgreements)
        .values({ channelId, code: input.code, version: (latest ?? 0) + 1, title: input.title, body: input.body, required: input.required, appliesTo: input.appliesTo, validFrom: now, validTo: null, createdAt: now })
        .returning();
      await emit({ type: "checkout_agreement.published", aggregateType: "checkout_agreement", aggregateId: row!.id, payload: { channelId, code: row!.code, version: row!.version } });
      return row!;
    });
  }

  /** Ends the current version of a code: buyers no longer need (or can) accept it. */
  async retire(channelCode: string, agreementCode: string): Promise<CheckoutAgreementRow> {
    const channelId = await this.channelId(channelCode);
    const now = this.deps.now;
    return transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      const [row] = await tx
        .update(checkoutAgreements)
        .set({ validTo: now })
        .where(and(eq(checkoutAgreements.channelId, channelId), eq(checkoutAgreements.code, agreementCode), isNull(checkoutAgreements.validTo)))
        .returning();
      if (!row) throw notFound("Current checkout agreement", agreementCode);
      await emit({ type: "checkout_agreement.retired", aggregateType: "checkout_agreement", aggregateId: row.id, payload: { channelId, code: row.code, version: row.version } });
      return row;
    });
  }
}
