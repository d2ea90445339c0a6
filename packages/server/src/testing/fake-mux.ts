/** Test support (not shipped): a local fake of the Mux Video REST API and Mux's webhook signing. */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import nodePath from 'node:path';
import type { Logger } from '../logger.js';
import { startHarness, withTimeout, type Harness } from './harness.js';
import { ShowService } from '../show/service.js';
import { openSqliteStore } from '../store/sqlite.js';
import type { Store } from '../store/store.js';
import { createMuxProvider, type MuxConfig, type MuxProvider, type MuxProviderOptions } from '../video/mux.js';
import type { VideoSignals } from '../video/provider.js';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface FakeLiveStream {
  id: string;
  created_at: string;
  stream_key: string;
  status: 'idle' | 'active' | 'disabled';
  playback_ids: Array<{ id: string; policy: 'public' | 'signed' }>;
  latency_mode: 'low' | 'reduced' | 'standard';
  reconnect_window: number;
  max_continuous_duration: number;
  passthrough?: string;
  new_asset_settings?: unknown;
  recent_asset_ids: string[];
  completed?: boolean;
}

/** An asset made through the API (clips: `inputs: [{url: 'mux://assets/<id>', start_time, end_time}]`). */
export interface FakeAsset {
  id: string;
  created_at: string;
  status: 'preparing' | 'ready' | 'errored';
  playback_ids: Array<{ id: string; policy: 'public' | 'signed' }>;
  passthrough?: string;
  /** The asset a clip was cut from, as Mux reports it. */
  source_asset_id?: string;
  input: Array<{ url: string; start_time?: number; end_time?: number }>;
  deleted?: boolean;
}

export interface FakeMux {
  /** For MUX_BASE_URL / `baseUrl`. */
  url: string;
  tokenId: string;
  tokenSecret: string;
  requests: RecordedRequest[];
  liveStreams: Map<string, FakeLiveStream>;
  assets: Map<string, FakeAsset>;
  /** The next `times` API calls (or those to `on`, e.g. `POST /video/v1/live-streams`) answer this status with a Mux-shaped error body. */
  failNext(status: number, on?: string, times?: number): void;
  /** The next create makes the stream, then its answer is lost: the connection is reset, or the answer comes `delayMs` late. */
  loseNextCreate(how: 'reset' | { delayMs: number }): void;
  /** The live streams whose `passthrough` is this (a show id). */
  streamsOf(passthrough: string): FakeLiveStream[];
  close(): Promise<void>;
}

const muxId = () => randomBytes(18).toString('base64url').replace(/[-_]/g, 'x');

/** Mux's webhook signature: `t=<unix s>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export function signMuxWebhook(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/** A webhook event shaped like Mux's (`type`, `object`, `data`, …) with a fresh id. */
export function muxWebhookEvent(
  type: string,
  data: Record<string, unknown>,
  extra: { id?: string; created_at?: string } = {},
) {
  return {
    type,
    object: { type: type.split('.')[1], id: data.id },
    id: extra.id ?? `evt-${muxId()}`,
    environment: { name: 'Test', id: 'env-test' },
    data,
    created_at: extra.created_at ?? new Date().toISOString(),
    attempts: [],
    accessor_source: null,
    accessor: null,
    request_id: null,
  };
}

/** Posts an event to a live-shop server's `/webhooks/mux`, signed like Mux does (bounded); its status and outcome. */
export async function postMuxWebhook(
  serverUrl: string,
  secret: string,
  type: string,
  data: Record<string, unknown>,
): Promise<{ status: number; outcome: string }> {
  const body = JSON.stringify(muxWebhookEvent(type, data));
  const res = await withTimeout(
    fetch(`${serverUrl}/webhooks/mux`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'mux-signature': signMuxWebhook(body, secret) },
      body,
    }),
    type,
  );
  return { status: res.status, outcome: ((await res.json()) as { outcome: string }).outcome };
}

/** A real server (the test harness) on the Mux provider, against a fresh fake Mux API; `close` stops both. */
export async function startMuxHarness(
  webhookSecret: string,
): Promise<{ fake: FakeMux; h: Harness; close(): Promise<void> }> {
  const fake = await startFakeMux();
  const h = await startHarness({
    mux: { tokenId: fake.tokenId, tokenSecret: fake.tokenSecret, webhookSecret, baseUrl: fake.url },
  });
  return {
    fake,
    h,
    async close() {
      await h.close();
      await fake.close();
    },
  };
}

/** Listens on 127.0.0.1:0; requires Basic auth with the given token. */
export async function startFakeMux(
  tokenId = 'fake-token-id',
  tokenSecret = `fake-secret-${muxId()}`,
): Promise<FakeMux> {
  const requests: RecordedRequest[] = [];
  const liveStreams = new Map<string, FakeLiveStream>();
  const assets = new Map<string, FakeAsset>();
  let failing: { status: number; on?: string; times: number } | null = null;
  let losing: 'reset' | { delayMs: number } | null = null;
  const late = new Set<NodeJS.Timeout>();
  const expectedAuth = `Basic ${Buffer.from(`${tokenId}:${tokenSecret}`).toString('base64')}`;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        body = raw;
      }
      const url = new URL(req.url ?? '/', 'http://fake');
      const path = url.pathname;
      requests.push({ method: req.method ?? '', path, headers: req.headers, body });

      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      const error = (status: number, type: string, message: string) =>
        send(status, { error: { type, messages: [message] } });

      if (req.headers.authorization !== expectedAuth) return error(401, 'unauthorized', 'Unauthorized request');
      if (failing && (!failing.on || failing.on === `${req.method} ${path}`)) {
        const { status } = failing;
        if (--failing.times === 0) failing = null;
        return error(status, 'server_error', 'Injected failure');
      }

      const asset = /^\/video\/v1\/assets(?:\/([^/]+))?$/.exec(path);
      if (asset) return assetRoute(req.method ?? '', asset[1], body, send, error);
      const match = /^\/video\/v1\/live-streams(?:\/([^/]+))?(?:\/(complete|disable))?$/.exec(path);
      if (!match) return error(404, 'not_found', `No route ${req.method} ${path}`);
      const [, id, action] = match;
      if (req.method === 'POST' && !id) {
        const params = (body ?? {}) as Record<string, unknown>;
        const stream: FakeLiveStream = {
          id: muxId(),
          created_at: String(Math.floor(Date.now() / 1000)),
          stream_key: randomBytes(16).toString('hex'),
          status: 'idle',
          playback_ids: ((params.playback_policies as string[] | undefined) ?? ['public']).map((policy) => ({
            id: muxId(),
            policy: policy as 'public',
          })),
          latency_mode: (params.latency_mode as FakeLiveStream['latency_mode']) ?? 'standard',
          reconnect_window: (params.reconnect_window as number | undefined) ?? 60,
          max_continuous_duration: 43200,
          passthrough: params.passthrough as string | undefined,
          new_asset_settings: params.new_asset_settings,
          recent_asset_ids: [],
        };
        liveStreams.set(stream.id, stream);
        const lost = losing;
        losing = null;
        if (lost === 'reset') return req.socket.destroy();
        if (lost) {
          const timer = setTimeout(() => (late.delete(timer), send(201, { data: stream })), lost.delayMs);
          return void late.add(timer);
        }
        return send(201, { data: stream });
      }
      if (req.method === 'GET' && !id) {
        // Mux's list: newest first, `limit` (default 25) per `page` (from 1), filtered by `status` only.
        const limit = Number(url.searchParams.get('limit') ?? 25);
        const page = Number(url.searchParams.get('page') ?? 1);
        const status = url.searchParams.get('status');
        const all = [...liveStreams.values()].reverse().filter((s) => !status || s.status === status);
        return send(200, { data: all.slice((page - 1) * limit, page * limit) });
      }
      const stream = id ? liveStreams.get(id) : undefined;
      if (!stream) return error(404, 'not_found', 'Live stream not found');
      if (req.method === 'GET' && !action) return send(200, { data: stream });
      if (req.method === 'PUT' && action === 'complete') {
        stream.completed = true;
        return send(200, { data: {} });
      }
      if (req.method === 'PUT' && action === 'disable') {
        stream.status = 'disabled';
        return send(200, { data: {} });
      }
      return error(404, 'not_found', `No route ${req.method} ${path}`);
    });
  });
  type Send = (status: number, payload: unknown) => void;
  type Fail = (status: number, type: string, message: string) => void;
  /** `POST /video/v1/assets` (Mux's `inputs`, or the deprecated `input`) and `DELETE /video/v1/assets/:id`. */
  function assetRoute(method: string, id: string | undefined, body: unknown, send: Send, error: Fail): void {
    if (method === 'POST' && !id) {
      const params = (body ?? {}) as Record<string, unknown>;
      const input = (params.inputs ?? params.input) as FakeAsset['input'] | undefined;
      const source = /^mux:\/\/assets\/([^/]+)$/.exec(input?.[0]?.url ?? '')?.[1];
      const [start, end] = [input?.[0]?.start_time, input?.[0]?.end_time];
      if (!Array.isArray(input) || !input.length) return error(400, 'invalid_parameters', 'inputs is required');
      if (source && typeof start === 'number' && typeof end === 'number' && !(end > start && start >= 0))
        return error(400, 'invalid_parameters', 'end_time must be greater than start_time');
      const policies = (params.playback_policies ?? params.playback_policy) as string[] | undefined;
      const created: FakeAsset = {
        id: muxId(),
        created_at: String(Math.floor(Date.now() / 1000)),
        status: 'preparing',
        playback_ids: (policies ?? []).map((policy) => ({ id: muxId(), policy: policy as 'public' })),
        passthrough: params.passthrough as string | undefined,
        ...(source && { source_asset_id: source }),
        input,
      };
      assets.set(created.id, created);
      return send(201, { data: created });
    }
    const found = id ? assets.get(id) : undefined;
    if (!found || found.deleted) return error(404, 'not_found', 'Asset not found');
    if (method === 'GET') return send(200, { data: found });
    if (method === 'DELETE') {
      found.deleted = true;
      return send(204, null);
    }
    return error(404, 'not_found', `No route ${method} /video/v1/assets/${id}`);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tokenId,
    tokenSecret,
    requests,
    liveStreams,
    assets,
    failNext(status, on, times = 1) {
      failing = { status, on, times };
    },
    loseNextCreate(how) {
      losing = how;
    },
    streamsOf: (passthrough) => [...liveStreams.values()].filter((s) => s.passthrough === passthrough),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of late) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---- a Mux provider over a real SQLite store and a real ShowService, for provider and webhook tests

export interface MuxTestbed {
  fake: FakeMux;
  store: Store;
  service: ShowService;
  provider: MuxProvider;
  /** Every signal the provider sent, in order, as `[signal, showId]`. */
  signals: Array<[keyof VideoSignals, string]>;
  /** Every broadcast `[showId, event, payload]`. */
  broadcasts: Array<[string, string, unknown]>;
  logs: string[];
  /** Waits for the service to finish applying the signals sent so far. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startMuxTestbed(
  options: MuxProviderOptions & { webhookSecret?: string | null; config?: Partial<MuxConfig> } = {},
): Promise<MuxTestbed> {
  const dataDir = await mkdtemp(nodePath.join(tmpdir(), 'live-shop-mux-'));
  const fake = await startFakeMux();
  const store = await openSqliteStore(nodePath.join(dataDir, 'live-shop.db'));
  const broadcasts: MuxTestbed['broadcasts'] = [];
  const service = new ShowService({
    store,
    tokenSecret: randomBytes(32),
    broadcaster: {
      emit: (showId, event, ...args) => void broadcasts.push([showId, event, args[0]]),
      emitToHosts: (showId, event, ...args) => void broadcasts.push([showId, event, args[0]]),
      emitToStaff: (showId, event, ...args) => void broadcasts.push([showId, event, args[0]]),
      emitToViewer: () => {},
      disconnectToken: () => {},
    },
  });
  const recorded: MuxTestbed['signals'] = [];
  const pending: Promise<unknown>[] = [];
  // Forwards to the real service: its state machine decides what each signal means.
  const signals: VideoSignals = {
    mediaUp: (id) => void (recorded.push(['mediaUp', id]), pending.push(service.signal(id, 'mediaUp'))),
    mediaDown: (id) => void (recorded.push(['mediaDown', id]), pending.push(service.signal(id, 'mediaDown'))),
    streamOver: (id) => void (recorded.push(['streamOver', id]), pending.push(service.end(id).catch(() => null))),
    playbackChanged: (id) => void recorded.push(['playbackChanged', id]),
  };
  const logs: string[] = [];
  const logger: Logger = {
    info: (m) => logs.push(m),
    warn: (m) => logs.push(m),
    error: (m, e) => logs.push(`${m} ${String(e ?? '')}`),
  };
  const secret = options.webhookSecret === undefined ? 'whsec-test-0123456789' : options.webhookSecret;
  const provider = createMuxProvider(
    { store, signals, logger, dataDir },
    {
      tokenId: fake.tokenId,
      tokenSecret: fake.tokenSecret,
      webhookSecret: secret ?? undefined,
      baseUrl: fake.url,
      ...options.config,
    },
    { maxRetries: 0, ...options },
  );
  return {
    fake,
    store,
    service,
    provider,
    signals: recorded,
    broadcasts,
    logs,
    async settle() {
      while (pending.length) await Promise.all(pending.splice(0));
    },
    async close() {
      await provider.close();
      await store.close();
      await fake.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
