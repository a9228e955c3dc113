/**
 * GraphQL hands resolvers `null` for optional input fields the caller left out, while zod treats
 * only `undefined` as absent (so its defaults apply). Resolvers drop those nulls before parsing;
 * `keepNull` names fields where an explicit null means "clear it".
 */
export function compact(o: Record<string, unknown>, keepNull: readonly string[] = []): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && (v !== null || keepNull.includes(k))));
}
