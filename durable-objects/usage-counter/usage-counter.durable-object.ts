import { DurableObject } from "cloudflare:workers";
import { consume, type ConsumeRequest, type ConsumeResult, type CounterState } from "../../shared/kernel/counter-window";

/**
 * Strongly consistent counters (login attempts, promotion caps, single-use coupons, fraud
 * velocity). One object per counter namespace; the object's single-threaded execution makes
 * check-and-increment atomic. A thin shell over `shared/kernel/counter-window.ts`.
 */
export class UsageCounterObject extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, count INTEGER NOT NULL, window_start INTEGER NOT NULL)",
    );
  }

  private read(key: string): CounterState | null {
    const row = this.ctx.storage.sql
      .exec<{ count: number; window_start: number }>("SELECT count, window_start FROM counters WHERE key = ?", key)
      .toArray()[0];
    return row ? { count: row.count, windowStart: row.window_start } : null;
  }

  consume(key: string, req: ConsumeRequest): ConsumeResult {
    const result = consume(this.read(key), req);
    this.ctx.storage.sql.exec(
      "INSERT INTO counters (key, count, window_start) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET count = excluded.count, window_start = excluded.window_start",
      key,
      result.state.count,
      result.state.windowStart,
    );
    return result;
  }

  peek(key: string, nowMs: number, windowMs: number | null): number {
    const s = this.read(key);
    if (!s) return 0;
    if (windowMs && nowMs >= s.windowStart + windowMs) return 0;
    return s.count;
  }

  reset(key: string): void {
    this.ctx.storage.sql.exec("DELETE FROM counters WHERE key = ?", key);
  }
}
