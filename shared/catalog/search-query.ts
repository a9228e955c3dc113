import { badInput } from "../kernel/errors";

/**
 * Normalises a shopper's search text before it reaches SQL (where it is always a bound parameter).
 * Keeps letters, digits and the punctuation SKUs use; everything else separates words.
 */
export const MAX_SEARCH_LENGTH = 120;

export interface ParsedSearch {
  /** the cleaned text, used for full-text and trigram matching */
  text: string;
  terms: string[];
  /** looks like a SKU (one token with a digit or a dash), so exact SKU hits are ranked first */
  skuLike: boolean;
}

export function parseSearchQuery(raw: string, field = "query"): ParsedSearch {
  const text = raw
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N}\-_./]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (text.length === 0) throw badInput("search query must contain at least one letter or digit", field);
  if (text.length > MAX_SEARCH_LENGTH) throw badInput(`search query is longer than ${MAX_SEARCH_LENGTH} characters`, field);
  const terms = text.split(" ");
  const skuLike = terms.length === 1 && /[\d-]/.test(text);
  return { text, terms, skuLike };
}
