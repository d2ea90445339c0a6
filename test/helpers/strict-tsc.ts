import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** Compiles `file` as a merchant's strict TypeScript project would (no emit); fails the test with tsc's output. */
export function assertStrictCompile(
  file: string,
  options: { cwd?: string; types?: string[]; flags?: string[] } = {},
): void {
  const flags = ['--strict', '--noEmit', '--skipLibCheck', '--target', 'es2022', '--module', 'nodenext'];
  flags.push('--moduleResolution', 'nodenext', '--lib', 'es2022,dom');
  if (options.types) flags.push('--types', options.types.join(','));
  if (options.flags) flags.push(...options.flags);
  const result = spawnSync(process.execPath, [tsc, ...flags, file], { cwd: options.cwd, encoding: 'utf8' });
  assert.equal(result.status, 0, `tsc failed:\n${result.stdout}${result.stderr}`);
}
