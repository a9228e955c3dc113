import { Outbox } from "../shared/events";
import { openDbFromEnv, queueEventSender, readConfig, type AppConfig, type DbHandle } from "../shared/platform";
import type { Db } from "../shared/kernel/db";
import type { Services } from "../shared/kernel/graphql/context";
import { RequestTimings } from "../shared/kernel/request-timings";
import { createServices } from "./services";

/** Everything a request needs, opened once and closed after the response. */
export interface RequestDeps {
  config: AppConfig;
  dbHandle: DbHandle;
  outbox: Outbox;
  now: Date;
  services: Services;
  /** Durable Object calls this request waited on, for the Server-Timing header */
  timings: RequestTimings;
}

export function createRequestDeps(env: Env, now: Date, country: string | null = null): RequestDeps {
  const config = readConfig(env);
  const dbHandle = lazyDbHandle(env);
  const outbox = new Outbox(dbHandle.db, queueEventSender(env.EVENTS), () => new Date());
  const timings = new RequestTimings();
  const services = createServices({ db: dbHandle.db, outbox, now, env, country, timings });
  return { config, dbHandle, outbox, now, services, timings };
}

/**
 * The request's Postgres client is built on first use: building one (postgres.js options, URL
 * parsing, dozens of closures) costs milliseconds of CPU, and most warm requests (cart changes,
 * cached listings) run no SQL at all. Property reads go to the real drizzle instance, with its
 * methods bound to it, so repositories cannot tell the difference.
 */
function lazyDbHandle(env: Env): DbHandle {
  let real: DbHandle | null = null;
  const open = () => (real ??= openDbFromEnv(env));
  const db = new Proxy({} as Db, {
    get(_target, key) {
      const target = open().db;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
    has: (_target, key) => Reflect.has(open().db, key),
  });
  return {
    db,
    queryCount: () => real?.queryCount() ?? 0,
    close: () => real?.close() ?? Promise.resolve(),
  };
}
