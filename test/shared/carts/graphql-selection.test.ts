import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { selectsPath } from "../../../shared/carts/graphql-selection";

/** The resolve info of the operation's first root field, as graphql-js builds it. */
function infoOf(query: string) {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const root = op.selectionSet.selections[0]!;
  if (root.kind !== Kind.FIELD) throw new Error("root is not a field");
  return { fieldNodes: [root], fragments };
}

describe("selectsPath", () => {
  it("sees a direct selection and a totals-only one", () => {
    expect(selectsPath(infoOf(`mutation { setCartLineQuantity(input: {}) { version lines { id } } }`), ["lines"])).toBe(true);
    expect(selectsPath(infoOf(`mutation { setCartLineQuantity(input: {}) { version totals { total } } }`), ["lines"])).toBe(false);
  });

  it("follows inline and named fragments (nested), and aliases do not hide the field", () => {
    expect(selectsPath(infoOf(`mutation { s: setCartLineQuantity(input: {}) { ... on Cart { l: lines { id } } } }`), ["lines"])).toBe(true);
    expect(selectsPath(infoOf(`mutation { setCartLineQuantity(input: {}) { ...A } } fragment A on Cart { version ...B } fragment B on Cart { lines { id } }`), ["lines"])).toBe(true);
    expect(selectsPath(infoOf(`mutation { setCartLineQuantity(input: {}) { ...A } } fragment A on Cart { version totals { total } }`), ["lines"])).toBe(false);
  });

  it("matches a path level by level: lines of the bulk result are not the cart's lines", () => {
    expect(selectsPath(infoOf(`mutation { quickOrder(input: {}) { lines { line } cart { totals { total } } } }`), ["cart", "lines"])).toBe(false);
    expect(selectsPath(infoOf(`mutation { quickOrder(input: {}) { cart { lines { id } } } }`), ["cart", "lines"])).toBe(true);
  });

  it("does not loop on a fragment cycle (invalid, but must not hang before validation)", () => {
    expect(selectsPath(infoOf(`query { cart { ...A } } fragment A on Cart { ...B } fragment B on Cart { ...A }`), ["lines"])).toBe(false);
  });
});
