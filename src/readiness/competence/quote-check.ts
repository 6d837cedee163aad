/**
 * Test helper: does a quoted sentence occur in the regulation text? The stored text is an OCR of
 * the printed regulation (æ, ø, å and § often misread), so the match is approximate: the national
 * letters and § in the quote match any character, and a few OCR errors (about one in twenty
 * characters) are tolerated.
 */
const WILDCARD = new Set(['æ', 'ø', 'å', 'é', '§']);

function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Smallest edit distance between `needle` and any substring of `haystack` (Sellers' algorithm). */
export function bestMatchDistance(haystack: string, needle: string): number {
  const h = normalise(haystack);
  const n = normalise(needle);
  const m = n.length;
  const wild = Uint8Array.from([...n].map((q) => (WILDCARD.has(q) ? 1 : 0)));
  let column = Int32Array.from({ length: m + 1 }, (_, i) => i);
  let next = new Int32Array(m + 1);
  let best = m;
  for (const ch of h) {
    next[0] = 0;
    for (let i = 1; i <= m; i++) {
      const cost = wild[i - 1] === 1 || n[i - 1] === ch ? 0 : 1;
      next[i] = Math.min(column[i - 1]! + cost, column[i]! + 1, next[i - 1]! + 1);
    }
    [column, next] = [next, column];
    if (column[m]! < best) best = column[m]!;
  }
  return best;
}

export function quoteOccursIn(haystack: string, needle: string): boolean {
  return bestMatchDistance(haystack, needle) <= Math.ceil(normalise(needle).length / 20);
}
