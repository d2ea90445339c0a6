/**
 * `node --conditions=source --import tsx bench/blocklist.ts` — what a blocklist change costs the
 * event loop: building the matcher of a list of BENCH_TERMS (default 500) fresh terms (construction
 * plus V8's compilation on first use, for one- and two-byte strings), and matching one 500-character
 * message. "before" is the pattern of earlier versions (a pair of lookarounds per term), "now" the
 * server's `Blocklist`, each in its own process (V8's regexp state from one skews the other). Median
 * of BENCH_RUNS (default 7) lists; each run has new terms, so V8's regexp cache never helps. Prints
 * numbers; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { Blocklist, normalize } from '../packages/server/src/show/blocklist.js';

const TERMS = Number(process.env.BENCH_TERMS ?? 500);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const MESSAGE = 'hello there, is the blue kettle still in stock? '.repeat(11).slice(0, 500);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Earlier versions: every word term wrapped in its own lookarounds. */
function before(terms: string[]): { matches(text: string): boolean } {
  const parts = terms.map((t) =>
    /^[\p{L}\p{N}\s]+$/u.test(t) ? `(?<![\\p{L}\\p{N}])${escape(t)}(?![\\p{L}\\p{N}])` : escape(t),
  );
  const pattern = new RegExp(parts.join('|'), 'u');
  pattern.test('\u0000');
  pattern.test('\u0100');
  return { matches: (text) => pattern.test(normalize(text)) };
}
const now = (terms: string[]) => new Blocklist(terms);

/** Mostly words, some phrases, some domains: a blocklist's usual mix. */
function terms(): string[] {
  const word = () => Math.random().toString(36).slice(2, 10);
  return Array.from({ length: TERMS }, (_, i) =>
    i % 7 === 0 ? `${word()}.example` : i % 5 === 0 ? `${word()} ${word()}` : word(),
  );
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

const form = process.env.BENCH_FORM;
if (form !== 'before' && form !== 'now') {
  for (const name of ['before', 'now']) {
    execFileSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_FORM: name },
    });
  }
} else {
  const build = form === 'before' ? before : now;
  const builds: number[] = [];
  const matches: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const list = terms();
    let t = performance.now();
    const matcher = build(list);
    builds.push(performance.now() - t);
    for (let i = 0; i < 10; i++) matcher.matches(MESSAGE); // tier-up happens here, as on a server's first messages
    t = performance.now();
    for (let i = 0; i < 1000; i++) matcher.matches(MESSAGE + i);
    matches.push((performance.now() - t) / 1000);
  }
  console.log(
    `${form.padEnd(6)} ${TERMS} terms: build ${median(builds).toFixed(2)} ms, match a 500-char message ${median(matches).toFixed(3)} ms`,
  );
}
