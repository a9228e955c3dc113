import { DurableObject } from "cloudflare:workers";
import { CartRuntime, toWire, writeCartMirror, type CartCall, type CartCommand, type CartObjectStats, type MutateOptions } from "../../shared/carts";
import { openDbFromEnv, priceBookClient } from "../../shared/platform";
import { ActiveRules, CartPromotions, postgresRulesSource, usageCounterRedemptions } from "../../shared/promotions";

/** A burst of changes within this window becomes one mirror statement (idle-cart search needs hours, not seconds). */
const MIRROR_DELAY_MS = 2_000;
/** Postgres unreachable: the pending mirrors stay in storage and are retried after this. */
const MIRROR_RETRY_MS = 30_000;

/**
 * One buyer context's carts (a B2B location, a B2C customer or a guest token): a thin shell
 * over CartRuntime in shared/carts, which serializes the calls, keeps the lines in this object's
 * SQLite storage and reprices through the PriceBook object of the buyer's pricing context.
 * Typed refusals travel back as data (toWire) so the Worker rethrows the same DomainError.
 *
 * The Postgres summary mirror (and its cart.updated event) is not written inside a call: the
 * change queues it in the same storage transaction as the lines, and this object's alarm writes
 * it a few seconds later — so a warm change runs no Postgres statement, a committed change is
 * always mirrored eventually (the queue is durable, a failed write is retried), and events are
 * delivered at least once by the outbox sweep.
 */
export class CartObject extends DurableObject<Env> {
  private readonly runtime: CartRuntime;
  private alarmArmed = false;
  private postgresStatements = 0;
  private mirrorFlushes = 0;
  private promotionRulesStatements = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const prices = priceBookClient(env);
    // active promotion rules: cached per isolate, version re-checked at most every 5 s (shared/promotions/active-rules.ts)
    // the rules source's statements are counted (stats().promotionRulesStatements): 0 on a warm change
    // except the version re-check, which blocks the change that triggers it (≤ 1 per RECHECK_MS per isolate)
    const rulesDb = () => {
      const h = openDbFromEnv(env, { max: 1 });
      return {
        db: h.db,
        close: async () => {
          this.promotionRulesStatements += h.queryCount();
          await h.close();
        },
      };
    };
    const promotions = new CartPromotions(new ActiveRules(postgresRulesSource(rulesDb)), usageCounterRedemptions(env.USAGE_COUNTER));
    this.runtime = new CartRuntime(ctx.storage, { resolvePrices: (req) => prices.resolve(req), rules: promotions });
  }

  view(call: CartCall, cartId?: string | null) {
    return toWire(() => this.runtime.view(call, cartId));
  }
  async mutate(call: CartCall, cmd: CartCommand, opts?: MutateOptions) {
    const r = await toWire(() => this.runtime.mutate(call, cmd, opts));
    if (r.ok && r.value.changed) await this.armMirror();
    return r;
  }
  missingFacts(call: CartCall, cartId?: string | null) {
    return toWire(async () => this.runtime.missingFacts(call, cartId));
  }
  exportLines(call: CartCall, cartId?: string | null) {
    return toWire(() => this.runtime.exportLines(call, cartId));
  }
  list(call: CartCall) {
    return toWire(() => this.runtime.list(call));
  }
  create(call: CartCall, name: string) {
    return toWire(() => this.runtime.create(call, name));
  }
  activate(call: CartCall, cartId: string) {
    return toWire(() => this.runtime.activate(call, cartId));
  }
  async remove(call: CartCall, cartId: string) {
    const r = await toWire(() => this.runtime.remove(call, cartId));
    if (r.ok) await this.armMirror();
    return r;
  }
  stats(): CartObjectStats {
    return this.runtime.stats({ postgresStatements: this.postgresStatements, mirrorFlushes: this.mirrorFlushes, promotionRulesStatements: this.promotionRulesStatements });
  }

  /** An alarm already set is kept (never postponed), so a busy cart is still mirrored every few seconds. */
  private async armMirror(): Promise<void> {
    if (this.alarmArmed) return;
    this.alarmArmed = true;
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + MIRROR_DELAY_MS);
  }

  override async alarm(): Promise<void> {
    this.alarmArmed = false;
    const handle = openDbFromEnv(this.env, { max: 1 });
    let remaining: number;
    let delay = MIRROR_DELAY_MS;
    try {
      remaining = await this.runtime.flushMirrors((p) => writeCartMirror(handle.db, p));
      this.mirrorFlushes++;
    } catch (e) {
      console.error("cart mirror flush failed; retrying", e);
      remaining = 1;
      delay = MIRROR_RETRY_MS;
    } finally {
      this.postgresStatements += handle.queryCount();
      await handle.close();
    }
    if (remaining > 0) {
      this.alarmArmed = true;
      await this.ctx.storage.setAlarm(Date.now() + delay);
    }
  }
}
