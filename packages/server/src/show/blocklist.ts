/** Case, accents, width variants and invisible characters must not slip a term past the list. */
function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f\u200b-\u200f\u2060\ufeff\u00ad]/g, '')
    .toLowerCase();
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Words and links a message may not contain. A term of letters and digits matches as a whole word
 * ("ass" does not hold "class"); any other term (a link, `buy-now.example`) matches anywhere.
 */
export class Blocklist {
  readonly terms: string[];
  readonly #pattern: RegExp | null;

  constructor(terms: string[]) {
    this.terms = terms;
    const parts = terms
      .map((t) => normalize(t.trim()))
      .filter(Boolean)
      .map((t) => (/^[\p{L}\p{N}\s]+$/u.test(t) ? `(?<![\\p{L}\\p{N}])${escape(t)}(?![\\p{L}\\p{N}])` : escape(t)));
    this.#pattern = parts.length ? new RegExp(parts.join('|'), 'u') : null;
  }

  matches(text: string): boolean {
    return this.#pattern !== null && this.#pattern.test(normalize(text));
  }
}
