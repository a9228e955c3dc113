/**
 * A "configurable operation" is a named piece of business logic whose behaviour is tuned by a
 * typed config (promotion conditions and actions, later shipping calculators, payment handlers…).
 * The config is data stored with the rule; the registry validates it against the operation's zod
 * schema before the logic ever runs, and publishes the JSON schema so an admin UI can build forms.
 * Third parties add operations by registering them; codes are unique per registry.
 */
import { z } from "zod";
import { DomainError } from "./errors";
import { parseInput } from "./validation";

export interface ConfigurableOperation<C = unknown> {
  /** stable identifier stored in data, snake_case ("cart_subtotal_min") */
  readonly code: string;
  /** one sentence for the admin UI */
  readonly description: string;
  /** validates and normalizes the stored config (ids to strings, defaults…) */
  readonly schema: z.ZodType<C>;
}

export interface OperationDescriptor {
  code: string;
  description: string;
  /** JSON schema of the config as an admin submits it (zod input side) */
  configSchema: Record<string, unknown>;
}

export class OperationRegistry<D extends ConfigurableOperation> {
  private readonly ops = new Map<string, D>();

  /** `kind` names the family in error messages ("condition", "action"). */
  constructor(readonly kind: string) {}

  register(op: D): this {
    if (!/^[a-z][a-z0-9_]*$/.test(op.code)) {
      throw new DomainError("BAD_USER_INPUT", `${this.kind} code "${op.code}" must be snake_case`, { field: "code" });
    }
    if (this.ops.has(op.code)) {
      throw new DomainError("CONFLICT", `${this.kind} "${op.code}" is already registered`, { field: "code" });
    }
    this.ops.set(op.code, op);
    return this;
  }

  has(code: string): boolean {
    return this.ops.has(code);
  }

  get(code: string): D | undefined {
    return this.ops.get(code);
  }

  /** The operation, or BAD_USER_INPUT naming `field` and the known codes. */
  require(code: string, field = "type"): D {
    const op = this.ops.get(code);
    if (!op) {
      throw new DomainError("BAD_USER_INPUT", `Unknown ${this.kind} type "${code}" at ${field}`, {
        field,
        known: [...this.ops.keys()].sort(),
      });
    }
    return op;
  }

  /** Validate a stored config for `code`; errors name `${field}.<path>`. */
  parseConfig(code: string, config: unknown, field = "config", typeField = "type"): { op: D; config: unknown } {
    const op = this.require(code, typeField);
    return { op, config: parseInput(op.schema, config ?? {}, field) };
  }

  codes(): string[] {
    return [...this.ops.keys()].sort();
  }

  /** For the admin API: every registered code with its description and config JSON schema. */
  list(): OperationDescriptor[] {
    return this.codes().map((code) => {
      const op = this.ops.get(code)!;
      return { code, description: op.description, configSchema: configJsonSchema(op.schema) };
    });
  }
}

export function configJsonSchema(schema: z.ZodType): Record<string, unknown> {
  // io "input": what the admin sends (before transforms such as numeric id → string id)
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}
