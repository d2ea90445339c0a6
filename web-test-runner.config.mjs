// Browser tests for @live-shop/elements in Debian's Chromium (see DEVELOPERS.md for the flags).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs';

/**
 * socket.io-parser maps the `development` condition to its debug build, which imports the
 * CommonJS `debug` package; browsers can't load that, so serve a silent ESM stand-in.
 */
const debugShim = {
  name: 'debug-shim',
  serve(context) {
    if (context.path === '/__debug-shim.js') {
      return 'export default function debug() { const log = () => {}; log.enabled = false; return log; }';
    }
  },
  resolveImport({ source }) {
    if (source === 'debug') return '/__debug-shim.js';
  },
};

export default {
  files: ['packages/elements/src/**/*.test.ts', 'packages/client/src/**/*.browser.test.ts'],
  // browser: socket.io-client's package.json maps its debug build to the lean one only via "browser".
  nodeResolve: { exportConditions: ['source', 'browser', 'development'], browser: true },
  plugins: [debugShim, esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [...CHROMIUM_ARGS.filter((flag) => flag !== '--headless'), '--autoplay-policy=no-user-gesture-required'],
      },
    }),
  ],
  concurrency: 1,
  browserStartTimeout: 60000,
  testsFinishTimeout: 120000,
  testFramework: { config: { timeout: 10000 } },
};
