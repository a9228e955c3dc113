import { asc, eq, sql } from "drizzle-orm";
import type { ChannelContext } from "../kernel/channel-context";
import type { Executor } from "../kernel/db";
import type { CreateChannelInput, UpdateChannelInput } from "./channel.schema";
import { channels, type ChannelRow } from "./channels.tables";

export function toChannelContext(r: ChannelRow): ChannelContext {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    commerceMode: r.commerceMode as ChannelContext["commerceMode"],
    loginWallMode: r.loginWallMode as ChannelContext["loginWallMode"],
    guestCheckout: r.guestCheckout,
    baseCurrency: r.baseCurrency,
    supportedCurrencies: r.supportedCurrencies,
    defaultLocale: r.defaultLocale,
    taxFree: r.taxFree,
    pricesIncludeTax: r.pricesIncludeTax,
    strategies: r.strategies,
  };
}

export async function findChannelByCode(db: Executor, code: string): Promise<ChannelRow | undefined> {
  const [row] = await db.select().from(channels).where(eq(channels.code, code)).limit(1);
  return row;
}

export async function findChannelByHost(db: Executor, host: string): Promise<ChannelRow | undefined> {
  const [row] = await db
    .select()
    .from(channels)
    .where(sql`${host} = any(${channels.hosts})`)
    .limit(1);
  return row;
}

export async function listChannels(db: Executor): Promise<ChannelRow[]> {
  return db.select().from(channels).orderBy(asc(channels.code));
}

export async function insertChannel(db: Executor, input: CreateChannelInput): Promise<ChannelRow | undefined> {
  const [row] = await db.insert(channels).values(input).onConflictDoNothing({ target: channels.code }).returning();
  return row;
}

export async function updateChannel(db: Executor, code: string, input: UpdateChannelInput, at: Date): Promise<ChannelRow | undefined> {
  const [row] = await db
    .update(channels)
    .set({ ...input, updatedAt: at })
    .where(eq(channels.code, code))
    .returning();
  return row;
}
