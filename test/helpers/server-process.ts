/** Starts the built `live-shop-server` CLI as a child process on a free loopback port, the way a merchant runs it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RunningServer {
  child: ChildProcess;
  origin: string;
  storefrontUrl: string;
  studioUrl: string;
  dataDir: string;
  output: () => string;
  stop: () => Promise<void>;
}

export interface StartOptions {
  /** The command that starts the CLI (default: node on the workspace's built server). */
  command?: string[];
  dataDir?: string;
  /** Port to bind (default 0: a free one). */
  port?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

const DEFAULT_BIN = path.resolve(import.meta.dirname, '../../packages/server/dist/cli.js');

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'live-shop-e2e-')));
  const [cmd, ...args] = options.command ?? [process.execPath, DEFAULT_BIN];
  // Its own process group, so stop() also reaches grandchildren (npx → node).
  const child = spawn(
    cmd!,
    [...args, '--demo', '--port', String(options.port ?? 0), '--host', '127.0.0.1', '--data-dir', dataDir],
    {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));

  const urls = await new Promise<{ storefrontUrl: string; studioUrl: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not print its URLs in time:\n${out}`)),
      options.timeoutMs ?? 20_000,
    );
    const check = () => {
      const studio = out.match(/(https?:\/\/[^\s]+\/studio\?[^\s]+)/);
      const storefront = out.match(/(https?:\/\/[^\s/]+\/)(?:\s|$)/m);
      if (studio && storefront) {
        clearTimeout(timer);
        resolve({ storefrontUrl: storefront[1]!, studioUrl: studio[1]! });
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });

  return {
    child,
    dataDir,
    origin: new URL(urls.storefrontUrl).origin,
    ...urls,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        const signal = (name: NodeJS.Signals) => {
          try {
            process.kill(-child.pid!, name);
          } catch {
            /* already gone */
          }
        };
        signal('SIGTERM');
        const timer = setTimeout(() => signal('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
