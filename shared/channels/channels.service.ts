import type { ChannelContext } from "../kernel/channel-context";
import { conflict, DomainError, notFound } from "../kernel/errors";
import type { Db } from "../kernel/db";
import { parseInput } from "../kernel/validation";
import { transactional, type Outbox } from "../events";
import { createChannelSchema, updateChannelSchema, channelCode } from "./channel.schema";
import {
  findChannelByCode,
  findChannelByHost,
  insertChannel,
  listChannels,
  toChannelContext,
  updateChannel,
} from "./channels.repository";

/**
 * Channel look-ups happen on every request, so resolved channels are kept per isolate for a short
 * time. Updates through this isolate evict at once; other isolates see them within the TTL.
 */
const CACHE_TTL_MS = 15_000;
const cache = new Map<string, { channel: ChannelContext; expires: number }>();

export class UnknownChannelError extends DomainError {
  constructor(code: string) {
    super("UNKNOWN_CHANNEL", `Unknown channel "${code}". Send a valid channel code in the x-channel header.`, { field: "x-channel" });
  }
}

export interface ChannelsDeps {
  db: Db;
  outbox: Outbox;
  now: Date;
  /** the orders domain answers whether a process code exists ("default" and built-ins always do) */
  orderProcessExists?: (code: string) => Promise<boolean>;
}

export class ChannelsService {
  constructor(private readonly deps: ChannelsDeps) {}

  /** header code → host mapping → default code; an unknown explicit code is an error, never a fallback */
  async resolve(headerCode: string | null, host: string | null, defaultCode: string): Promise<ChannelContext> {
    const nowMs = this.deps.now.getTime();
    const key = headerCode ? `code:${headerCode}` : host ? `host:${host}` : `code:${defaultCode}`;
    const hit = cache.get(key);
    if (hit && hit.expires > nowMs) return hit.channel;
    let channel: ChannelContext | undefined;
    if (headerCode) {
      const row = await findChannelByCode(this.deps.db, headerCode);
      if (!row) throw new UnknownChannelError(headerCode);
      channel = toChannelContext(row);
    } else {
      const row = (host ? await findChannelByHost(this.deps.db, host) : undefined) ?? (await findChannelByCode(this.deps.db, defaultCode));
      if (!row) throw new UnknownChannelError(defaultCode);
      channel = toChannelContext(row);
    }
    cache.set(key, { channel, expires: nowMs + CACHE_TTL_MS });
    return channel;
  }

  async list(): Promise<ChannelContext[]> {
    return (await listChannels(this.deps.db)).map(toChannelContext);
  }

  async get(code: string): Promise<ChannelContext> {
    const row = await findChannelByCode(this.deps.db, parseInput(channelCode, code, "code"));
    if (!row) throw notFound("Channel", code);
    return toChannelContext(row);
  }

  /** A channel must not name an order process that does not exist: checkout would refuse every order. */
  private async assertOrderProcess(code: string | undefined): Promise<void> {
    if (!code || !this.deps.orderProcessExists || (await this.deps.orderProcessExists(code))) return;
    throw new DomainError("BAD_USER_INPUT", `Order process "${code}" does not exist; save it first`, { field: "input.strategies.orderProcess" });
  }

  async create(input: unknown): Promise<ChannelContext> {
    const data = parseInput(createChannelSchema, input, "input");
    await this.assertOrderProcess(data.strategies.orderProcess);
    return transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      const row = await insertChannel(tx, data);
      if (!row) throw conflict(`A channel with code "${data.code}" already exists`, { field: "input.code" });
      await emit({ type: "channel.created", aggregateType: "channel", aggregateId: row.id, channelCode: row.code, payload: { code: row.code } });
      return toChannelContext(row);
    });
  }

  async update(code: string, input: unknown): Promise<ChannelContext> {
    const data = parseInput(updateChannelSchema, input, "input");
    await this.assertOrderProcess(data.strategies?.orderProcess);
    const result = await transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      const current = await findChannelByCode(tx, code);
      if (!current) throw notFound("Channel", code);
      const base = data.baseCurrency ?? current.baseCurrency;
      const supported = data.supportedCurrencies ?? current.supportedCurrencies;
      if (!supported.includes(base)) {
        throw new DomainError("BAD_USER_INPUT", "supportedCurrencies must include the base currency", { field: "input.supportedCurrencies" });
      }
      const row = await updateChannel(tx, code, data, this.deps.now);
      if (!row) throw notFound("Channel", code);
      await emit({ type: "channel.updated", aggregateType: "channel", aggregateId: row.id, channelCode: row.code, payload: { code: row.code, changed: Object.keys(data) } });
      return toChannelContext(row);
    });
    for (const [k, v] of cache) if (v.channel.code === code) cache.delete(k);
    return result;
  }
}
