import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";

/**
 * Whether the query selects `path` (field names) below the field being resolved, through inline
 * fragments and named fragments. Carts use it to skip sending 500 priced lines over the Durable
 * Object RPC when the client only reads the totals.
 */
export function selectsPath(info: Pick<GraphQLResolveInfo, "fieldNodes" | "fragments">, path: readonly string[]): boolean {
  const walk = (set: SelectionSetNode | undefined, depth: number, seen: Set<string>): boolean => {
    if (!set) return false;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value === path[depth] && (depth === path.length - 1 || walk(sel.selectionSet, depth + 1, seen))) return true;
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        if (walk(sel.selectionSet, depth, seen)) return true;
      } else if (sel.kind === Kind.FRAGMENT_SPREAD && !seen.has(sel.name.value)) {
        const f = info.fragments[sel.name.value];
        if (f && walk(f.selectionSet, depth, new Set(seen).add(sel.name.value))) return true;
      }
    }
    return false;
  };
  return info.fieldNodes.some((n) => walk(n.selectionSet, 0, new Set()));
}
