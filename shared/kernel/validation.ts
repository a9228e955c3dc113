import type { z } from "zod";
import { DomainError } from "./errors";

/** Parse with zod and turn the first issues into a BAD_USER_INPUT naming the field(s). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix = ""): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.slice(0, 5).map((i) => {
    const path = [prefix, ...i.path.map(String)].filter(Boolean).join(".");
    return { field: path || undefined, message: i.message };
  });
  const first = issues[0]!;
  const text = issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join("; ");
  throw new DomainError("BAD_USER_INPUT", `Invalid input — ${text}`, { field: first.field, issues });
}
