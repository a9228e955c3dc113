/**
 * Order processes as data, for merchants (admin API): list the built-in and stored processes,
 * save a new version (validated: every error names the field), and list the guards and effects
 * a process may name with their config JSON schema. Orders keep the version they were placed
 * under, so saving never changes the path of an order already in flight.
 */
import { transactional, type Outbox } from "../events";
import type { OperationDescriptor } from "../kernel/configurable-operation";
import type { Db } from "../kernel/db";
import { badInput, notFound } from "../kernel/errors";
import { defaultB2bProcess, defaultB2cProcess } from "./default-processes";
import type { OrderLifecycle } from "./order-lifecycle.service";
import { validateProcess } from "./order-process";
import type { ProcessDefinitionInput } from "./order-process.schema";
import { insertNextVersion, latestProcesses, processVersions } from "./order-processes.repository";

export interface OrderProcessView {
  code: string;
  version: number;
  name: string;
  builtIn: boolean;
  definition: ProcessDefinitionInput;
  createdAt: Date | null;
}

export interface OrderOperationsView {
  guards: OperationDescriptor[];
  effects: OperationDescriptor[];
}

const BUILT_IN = [defaultB2cProcess, defaultB2bProcess];
/** "default" is what a channel's strategies.orderProcess says to pick a built-in by commerce mode */
const RESERVED = new Set(["default", ...BUILT_IN.map((p) => p.code)]);

const builtInView = (p: ProcessDefinitionInput): OrderProcessView => ({ code: p.code, version: 1, name: p.name, builtIn: true, definition: p, createdAt: null });

export class OrderProcessesService {
  constructor(private readonly deps: { db: Db; outbox: Outbox; now: Date; lifecycle: OrderLifecycle }) {}

  /** Built-in processes first, then the latest version of each stored one. 1 query. */
  async list(): Promise<OrderProcessView[]> {
    const stored = await latestProcesses(this.deps.db);
    return [...BUILT_IN.map(builtInView), ...stored.map((r) => ({ code: r.code, version: r.version, name: r.name, builtIn: false, definition: r.definition, createdAt: r.createdAt }))];
  }

  /** Every version of one process, newest first. */
  async versions(code: string): Promise<OrderProcessView[]> {
    const builtIn = BUILT_IN.find((p) => p.code === code);
    if (builtIn) return [builtInView(builtIn)];
    const rows = await processVersions(this.deps.db, code);
    if (rows.length === 0) throw notFound("Order process", code);
    return rows.map((r) => ({ code: r.code, version: r.version, name: r.name, builtIn: false, definition: r.definition, createdAt: r.createdAt }));
  }

  /** Validates and stores version n+1; errors are BAD_USER_INPUT naming `definition.<path>`. */
  async save(definition: unknown): Promise<OrderProcessView> {
    const process = validateProcess(definition, this.deps.lifecycle.ops, "definition");
    const def = process.definition;
    if (RESERVED.has(def.code)) throw badInput(`Process code "${def.code}" is reserved for the built-in processes`, "definition.code");
    const row = await transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      // the parsed definition is stored (defaults filled, configs normalized), so what runs is what was validated
      const saved = await insertNextVersion(tx, { code: def.code, name: def.name, definition: def }, this.deps.now);
      await emit({ type: "order_process.saved", aggregateType: "order_process", aggregateId: saved.id, payload: { code: saved.code, version: saved.version } });
      return saved;
    });
    return { code: row.code, version: row.version, name: row.name, builtIn: false, definition: row.definition, createdAt: row.createdAt };
  }

  /** Whether a channel may name this process in strategies.orderProcess. 0–1 query. */
  async exists(code: string): Promise<boolean> {
    if (RESERVED.has(code)) return true;
    return (await processVersions(this.deps.db, code)).length > 0;
  }

  operations(): OrderOperationsView {
    const ops = this.deps.lifecycle.ops;
    return { guards: ops.guards.list(), effects: ops.effects.list() };
  }
}
