// The /sdk CDN bundle: one ES module that defines every element; the video engine is a lazy chunk.
// Input is tsc's output (run `tsc -b` first), so this stays a plain JS bundling step.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rm } from 'node:fs/promises';
import { precompress } from './scripts/precompress.mjs';

/** Collapses whitespace inside css`` templates (terser leaves template contents alone). */
function minifyCssTemplates() {
  return {
    name: 'minify-css-templates',
    transform(code, id) {
      if (!id.includes('/packages/elements/') || !/\bcss\s*`/.test(code)) return null;
      const out = code.replace(/\bcss\s*`([^`]*)`/g, (_, body) => {
        const min = body
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/;}/g, '}')
          .trim();
        return 'css`' + min + '`';
      });
      return { code: out, map: null };
    },
  };
}

/** Collapses indentation inside html`` templates (newline + spaces → one space). */
function minifyHtmlTemplates() {
  return {
    name: 'minify-html-templates',
    transform(code, id) {
      if (!id.includes('/packages/elements/') || !/\bhtml\s*`/.test(code)) return null;
      return { code: code.replace(/\bhtml\s*`[^`]*`/g, (t) => t.replace(/\s*\n\s*/g, ' ')), map: null };
    },
  };
}

/** Empties the output folder first, so old hashed chunks never pile up in the server package. */
function cleanOutput(dir) {
  return {
    name: 'clean-output',
    buildStart: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Brotli and gzip copies of every file written (`x.js.br`, `x.js.gz`): the server sends them as they are. */
function precompressOutput(dir) {
  return {
    name: 'precompress',
    writeBundle: () => precompress(dir).then(() => undefined),
  };
}

export default {
  input: 'packages/elements/dist/define.js',
  output: {
    dir: 'packages/server/sdk',
    format: 'es',
    entryFileNames: 'live-shop.js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: false,
  },
  preserveEntrySignatures: 'allow-extension',
  plugins: [
    minifyCssTemplates(),
    minifyHtmlTemplates(),
    cleanOutput('packages/server/sdk'),
    nodeResolve({ browser: true }),
    terser({ module: true, compress: { passes: 2 }, format: { comments: false } }),
    precompressOutput('packages/server/sdk'),
  ],
  onwarn(warning, warn) {
    if (warning.code === 'THIS_IS_UNDEFINED') return; // TS helpers in lit decorators output
    warn(warning);
  },
};
