import { ErrorCode, LIMITS, LiveShopError } from '@live-shop/protocol';

/** Case, accents, width variants and invisible characters must not slip a term past the list. */
export function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f\u200b-\u200f\u2060\ufeff\u00ad]/g, '')
    .toLowerCase();
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isWord = (term: string) => /^[\p{L}\p{N}\s]+$/u.test(term);

/**
 * Refuses a list the matcher should not be built from: more than `LIMITS.blocklistTerms` terms, or
 * a term empty or longer than `LIMITS.blocklistTermMax` once normalized (NFKD can expand one
 * character to eighteen).
 */
export function checkBlocklist(terms: readonly string[]): void {
  if (terms.length > LIMITS.blocklistTerms) {
    throw new LiveShopError(ErrorCode.BadRequest, `terms: at most ${LIMITS.blocklistTerms} terms`);
  }
  for (const term of terms) {
    const length = normalize(term.trim()).length;
    const shown = JSON.stringify(term.slice(0, 20));
    if (!length) throw new LiveShopError(ErrorCode.BadRequest, `terms: ${shown} has no visible characters`);
    if (length > LIMITS.blocklistTermMax) {
      throw new LiveShopError(
        ErrorCode.BadRequest,
        `terms: ${shown} is too long once normalized: at most ${LIMITS.blocklistTermMax} characters`,
      );
    }
  }
}

/**
 * Words and links a message may not contain. A term of letters and digits matches as a whole word
 * ("ass" does not hold "class"); any other term (a link, `buy-now.example`) matches anywhere.
 * Build one per change of the list, not per message: it compiles its pattern up front.
 */
export class Blocklist {
  readonly terms: readonly string[];
  readonly #pattern: RegExp | null;

  constructor(terms: readonly string[]) {
    this.terms = terms;
    const normalized = terms.map((t) => normalize(t.trim())).filter(Boolean);
    // One pair of lookarounds around one alternation of the words: a pair per term costs V8 ~1000× more to compile.
    const words = normalized.filter(isWord).map(escape);
    const parts = normalized.filter((t) => !isWord(t)).map(escape);
    if (words.length) parts.unshift(`(?<![\\p{L}\\p{N}])(?:${words.join('|')})(?![\\p{L}\\p{N}])`);
    this.#pattern = parts.length ? new RegExp(parts.join('|'), 'u') : null;
    // V8 compiles on first use, once per string width: here, not in the first chat message.
    this.#pattern?.test('\u0000');
    this.#pattern?.test('\u0100');
  }

  /** Same terms in the same order: the matcher can be kept. */
  sameTerms(terms: readonly string[]): boolean {
    return terms.length === this.terms.length && terms.every((t, i) => t === this.terms[i]);
  }

  matches(text: string): boolean {
    return this.#pattern !== null && this.#pattern.test(normalize(text));
  }
}
