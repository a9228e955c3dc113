import type { Db } from "./db";

/**
 * What every domain service gets per request. `outbox` is the events domain's Outbox; typed
 * structurally here so the kernel stays free of domain imports.
 */
export interface ServiceDeps<O = unknown> {
  db: Db;
  outbox: O;
  now: Date;
}
