// Writes `x.js.br` (brotli 11) and `x.js.gz` (Zopfli: plain gzip to any browser, ~4 % smaller than
// zlib's level 9) next to every .js file of a folder, so the server sends the SDK compressed without
// compressing per request. Used by rollup.config.mjs after the /sdk bundle is written; runnable alone:
// `node scripts/precompress.mjs packages/server/sdk`.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { gzipAsync } from '@gfx/zopfli';

/** The encodings written, as `[Content-Encoding, file extension]`, in the server's order of preference. */
export const ENCODINGS = [
  ['br', '.br'],
  ['gzip', '.gz'],
];

const compress = {
  br: (buf) =>
    brotliCompressSync(buf, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      },
    }),
  gzip: (buf) => gzipAsync(buf, { numiterations: 15 }),
};

/** Compresses every .js file below `dir`; returns `{file, raw, br, gzip}` byte counts per file. */
export async function precompress(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.js'))
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
  return Promise.all(
    files.sort().map(async (file) => {
      const buf = await readFile(file);
      const sizes = { file: path.relative(dir, file), raw: buf.length };
      for (const [encoding, ext] of ENCODINGS) {
        const out = await compress[encoding](buf);
        await writeFile(file + ext, out);
        sizes[encoding] = out.length;
      }
      return sizes;
    }),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/precompress.mjs <dir>');
    process.exit(2);
  }
  for (const { file, raw, br, gzip } of await precompress(dir))
    console.log(`${file}: ${raw} raw, ${gzip} gzip, ${br} br`);
}
