import { Outbox } from "../shared/events";
import { openDbFromEnv, queueEventSender, readConfig, type AppConfig, type DbHandle } from "../shared/platform";
import type { Services } from "../shared/kernel/graphql/context";
import { createServices } from "./services";

/** Everything a request needs, opened once and closed after the response. */
export interface RequestDeps {
  config: AppConfig;
  dbHandle: DbHandle;
  outbox: Outbox;
  now: Date;
  services: Services;
}

export function createRequestDeps(env: Env, now: Date, country: string | null = null): RequestDeps {
  const config = readConfig(env);
  const dbHandle = openDbFromEnv(env);
  const outbox = new Outbox(dbHandle.db, queueEventSender(env.EVENTS), () => new Date());
  const services = createServices({ db: dbHandle.db, outbox, now, env, country });
  return { config, dbHandle, outbox, now, services };
}
