/**
 * In-memory jurisdiction tree and the cascading match. An address is matched from the country
 * down: state by its ISO 3166-2 code, county and city by name and/or postal code, special
 * districts by postal code only. Every level that matches applies; levels the address does not
 * reach are simply absent (an address that only reaches the state pays the state rate).
 */
import { badInput } from "../kernel/errors";
import type { Jurisdiction, JurisdictionLevel, JurisdictionLookup, TaxAddress } from "./tax.types";
import { JURISDICTION_LEVELS } from "./tax.types";
import { parsePostalPattern, postalMatches, type PostalPattern } from "./postal-pattern";
import { normalizePlaceName } from "./tax-address";

interface Node {
  j: Jurisdiction;
  normCode: string;
  normName: string;
  patterns: PostalPattern[] | null;
}

/** Which levels may sit directly under which: cities can be independent of a county. */
const ALLOWED_PARENTS: Record<JurisdictionLevel, readonly (JurisdictionLevel | null)[]> = {
  country: [null],
  state: ["country"],
  county: ["state"],
  city: ["state", "county"],
  district: ["country", "state", "county", "city"],
};

const COUNTRY = /^[A-Z]{2}$/;
const SUBDIVISION = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;

export class JurisdictionIndex implements JurisdictionLookup {
  private readonly byKey = new Map<string, Node>();
  private readonly children = new Map<string, Node[]>();
  private readonly countries = new Map<string, Node>();

  constructor(jurisdictions: readonly Jurisdiction[]) {
    jurisdictions.forEach((j, i) => {
      const field = `jurisdictions.${i}`;
      if (!JURISDICTION_LEVELS.includes(j.level)) throw badInput(`Unknown jurisdiction level "${String(j.level)}"`, `${field}.level`);
      if (this.byKey.has(j.key)) throw badInput(`Duplicate jurisdiction key "${j.key}"`, `${field}.key`);
      if (j.level === "country" && !COUNTRY.test(j.code)) throw badInput(`Country code "${j.code}" is not ISO 3166-1 alpha-2`, `${field}.code`);
      if (j.level === "state" && !SUBDIVISION.test(j.code)) throw badInput(`State code "${j.code}" is not ISO 3166-2`, `${field}.code`);
      const patterns = j.postalPatterns?.length ? j.postalPatterns.map((p) => parsePostalPattern(p, `${field}.postalPatterns`)) : null;
      this.byKey.set(j.key, { j, normCode: normalizePlaceName(j.code), normName: normalizePlaceName(j.name), patterns });
    });
    jurisdictions.forEach((j, i) => {
      const node = this.byKey.get(j.key)!;
      const parent = j.parentKey == null ? null : this.byKey.get(j.parentKey);
      if (j.parentKey != null && !parent) throw badInput(`Jurisdiction "${j.key}" names unknown parent "${j.parentKey}"`, `jurisdictions.${i}.parentKey`);
      const parentLevel = parent ? parent.j.level : null;
      if (!ALLOWED_PARENTS[j.level].includes(parentLevel)) {
        throw badInput(`A ${j.level} cannot sit under ${parentLevel ?? "nothing"} ("${j.key}")`, `jurisdictions.${i}.parentKey`);
      }
      if (j.level === "state" && parent && !j.code.startsWith(`${parent.j.code}-`)) {
        throw badInput(`State "${j.code}" is not a subdivision of ${parent.j.code}`, `jurisdictions.${i}.code`);
      }
      if (j.level === "country") {
        if (this.countries.has(j.code)) throw badInput(`Duplicate country "${j.code}"`, `jurisdictions.${i}.code`);
        this.countries.set(j.code, node);
      } else {
        const list = this.children.get(j.parentKey!) ?? [];
        list.push(node);
        this.children.set(j.parentKey!, list);
      }
    });
    for (const list of this.children.values()) list.sort((a, b) => (a.j.key < b.j.key ? -1 : a.j.key > b.j.key ? 1 : 0));
  }

  get(key: string): Jurisdiction | undefined {
    return this.byKey.get(key)?.j;
  }

  get size(): number {
    return this.byKey.size;
  }

  /** `address` must be normalized (normalizeTaxAddress). Returns country first, districts last. */
  match(address: TaxAddress): Jurisdiction[] {
    const country = this.countries.get(address.country);
    if (!country) return [];
    const chain: Node[] = [country];
    const postal = address.postalCode ?? null;
    const wanted: [JurisdictionLevel, string | null][] = [
      ["state", address.subdivision ? normalizePlaceName(address.subdivision) : null],
      ["county", address.county ? normalizePlaceName(address.county) : null],
      ["city", address.city ? normalizePlaceName(address.city) : null],
    ];
    for (const [level, name] of wanted) {
      let best: Node | null = null;
      let bestScore = 0;
      // deepest matched node first: a city inside the matched county beats an independent city
      for (let c = chain.length - 1; c >= 0 && !best; c--) {
        for (const child of this.children.get(chain[c]!.j.key) ?? []) {
          if (child.j.level !== level) continue;
          const score = scoreCandidate(child, name, postal);
          if (score > bestScore) {
            best = child;
            bestScore = score;
          }
        }
      }
      if (best) chain.push(best);
    }
    const districts: Node[] = [];
    if (postal) {
      for (const node of chain) {
        for (const child of this.children.get(node.j.key) ?? []) {
          if (child.j.level === "district" && child.patterns && child.patterns.some((p) => postalMatches(p, postal))) districts.push(child);
        }
      }
    }
    return [...chain, ...districts].map((n) => n.j);
  }
}

/**
 * 0 = no match. A name the address gives must agree; a postal pattern the jurisdiction has must
 * agree when the address has a postal code; at least one of the two must positively match.
 */
function scoreCandidate(node: Node, name: string | null, postal: string | null): number {
  let score = 0;
  if (name !== null) {
    if (name !== node.normCode && name !== node.normName) return 0;
    score += 2;
  }
  if (postal !== null && node.patterns) {
    if (!node.patterns.some((p) => postalMatches(p, postal))) return 0;
    score += 1;
  }
  return score;
}

/** True when `key` is `ancestorKey` or lies below it. */
export function isWithin(lookup: Pick<JurisdictionLookup, "get">, key: string, ancestorKey: string): boolean {
  let cur: string | null | undefined = key;
  for (let guard = 0; cur != null && guard < 16; guard++) {
    if (cur === ancestorKey) return true;
    cur = lookup.get(cur)?.parentKey;
  }
  return false;
}
