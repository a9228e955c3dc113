import { ChannelsService } from "../shared/channels";
import type { Outbox } from "../shared/events";
import type { Db } from "../shared/kernel/db";
import type { Services } from "../shared/kernel/graphql/context";

export interface ServiceFactoryDeps {
  db: Db;
  outbox: Outbox;
  now: Date;
  env: Env;
}

/**
 * The composition root: each domain's service, built per request from the request's deps.
 * Construction is cheap (no I/O); nothing runs until a resolver calls it.
 */
export function createServices(d: ServiceFactoryDeps): Services {
  const base = { db: d.db, outbox: d.outbox, now: d.now };
  return {
    channels: new ChannelsService(base),
  };
}
