// The /sdk CDN bundle: one ES module that defines every element; the video engine is a lazy chunk.
// Input is tsc's output (run `tsc -b` first), so this stays a plain JS bundling step.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

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

/**
 * live-shop connects with websocket, falling back to polling; WebTransport is never requested,
 * so leave engine.io-client's WebTransport transport out of the bundle.
 */
function withoutWebTransport() {
  return {
    name: 'without-webtransport',
    load(id) {
      if (!/engine\.io-client[\\/]build[\\/]esm[\\/]transports[\\/]index\.js$/.test(id)) return null;
      return 'import { XHR } from "./polling-xhr.js";\nimport { WS } from "./websocket.js";\nexport const transports = { websocket: WS, polling: XHR };\n';
    },
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
    withoutWebTransport(),
    nodeResolve({ browser: true }),
    terser({ module: true, compress: { passes: 2 }, format: { comments: false } }),
  ],
  onwarn(warning, warn) {
    if (warning.code === 'THIS_IS_UNDEFINED') return; // TS helpers in lit decorators output
    warn(warning);
  },
};
