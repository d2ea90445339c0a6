// The /sdk CDN bundle: one ES module (packages/elements/src/sdk.ts) that defines the viewer and every
// other element from its own chunk when used, and registers Mux playback (opt-in on npm, always on
// here); the video engines are lazy chunks too. Input is tsc's output (run `tsc -b`
// first), so this stays a plain JS bundling step.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { copyFile, rm } from 'node:fs/promises';
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

/** Web Push reminders: the storefront's service worker, served as /sdk/live-shop-sw.js as written (a classic script). */
function copyServiceWorker(dir) {
  return {
    name: 'copy-service-worker',
    writeBundle: () => copyFile('packages/elements/sw/live-shop-sw.js', `${dir}/live-shop-sw.js`),
  };
}

const onwarn = (warning, warn) => {
  if (warning.code === 'THIS_IS_UNDEFINED') return; // TS helpers in lit decorators output
  warn(warning);
};

/** resume.js's `import('./define.js')` is the SDK itself: `./live-shop.js` next to it, not a copy. */
function sdkAsExternal() {
  return {
    name: 'sdk-as-external',
    resolveId: (source, importer) =>
      importer && source === './define.js' ? { id: './live-shop.js', external: 'relative' } : null,
  };
}

export default [
  {
    input: 'packages/elements/dist/sdk.js',
    output: {
      dir: 'packages/server/sdk',
      format: 'es',
      entryFileNames: 'live-shop.js',
      // Message catalogs are named i18n-<locale>[.studio]-<hash>.js, so `npm run size` can list them apart.
      chunkFileNames: (chunk) =>
        chunk.facadeModuleId?.includes('/i18n/locales/') ? 'chunks/i18n-[name]-[hash].js' : 'chunks/[name]-[hash].js',
      sourcemap: false,
    },
    preserveEntrySignatures: 'allow-extension',
    plugins: [
      minifyCssTemplates(),
      minifyHtmlTemplates(),
      cleanOutput('packages/server/sdk'),
      nodeResolve({ browser: true }),
      terser({ module: true, compress: { passes: 2 }, format: { comments: false } }),
    ],
    onwarn,
  },
  // The mini-player's loader for pages without a viewer: it imports live-shop.js only when a show was minimized.
  {
    input: 'packages/elements/dist/resume.js',
    output: { file: 'packages/server/sdk/resume.js', format: 'es', sourcemap: false },
    plugins: [
      sdkAsExternal(),
      terser({ module: true, format: { comments: false } }),
      copyServiceWorker('packages/server/sdk'),
      precompressOutput('packages/server/sdk'),
    ],
    onwarn,
  },
];
