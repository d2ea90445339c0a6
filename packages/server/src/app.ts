import { createServer, type Server as HttpServer } from 'node:http';
import path from 'node:path';
import { SOCKET_PATH } from '@live-shop/protocol';
import type { Express } from 'express';
import { Server } from 'socket.io';
import type { LiveShopServerConfig } from './config.js';
import { ensureDemoShow } from './demo.js';
import { createHttpApp } from './http/app.js';
import { originAllowed } from './http/cors.js';
import { consoleLogger } from './logger.js';
import { loadSecrets, type AdminKeySource } from './secrets.js';
import { ShowService } from './show/service.js';
import { attachSocketHandlers, showRoom, type LiveShopIo } from './socket/index.js';
import { ViewerCounts } from './socket/viewers.js';
import { openSqliteStore } from './store/sqlite.js';
import type { Store } from './store/store.js';

export interface LiveShopServer {
  app: Express;
  httpServer: HttpServer;
  io: LiveShopIo;
  store: Store;
  service: ShowService;
  config: LiveShopServerConfig;
  adminKey: string;
  /** `generated` means this start created it: print it, nobody knows it yet. */
  adminKeySource: AdminKeySource;
  /** The seeded demo show (demo mode only). */
  demo: { showId: string; hostToken: string } | null;
  /** Flushes pending chat, closes sockets, the HTTP server, timers and the store. Idempotent. */
  close(): Promise<void>;
}

/** Socket messages beyond this are dropped by Socket.IO before any handler runs. */
export const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024;

/** Builds everything, listens nowhere: call `httpServer.listen()` (the CLI does, tests use port 0). */
export async function createLiveShopServer(config: LiveShopServerConfig): Promise<LiveShopServer> {
  const logger = config.logger ?? consoleLogger;
  const allowedOrigins = config.allowedOrigins ?? null;
  const secrets = await loadSecrets(config.dataDir, config.adminKey);
  const store = await openSqliteStore(path.join(config.dataDir, 'live-shop.db'));

  const httpServer = createServer();
  const io: LiveShopIo = new Server(httpServer, {
    path: SOCKET_PATH,
    serveClient: false,
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
    // No cookies are used, so reflecting an allowed origin is enough.
    cors: { origin: (origin, cb) => cb(null, originAllowed(allowedOrigins, origin)) },
    // CORS does not cover WebSocket upgrades: enforce allowed origins for every transport here.
    allowRequest: (req, cb) => cb(null, originAllowed(allowedOrigins, req.headers.origin)),
  });

  const service = new ShowService({
    store,
    tokenSecret: secrets.tokenSecret,
    broadcaster: { emit: (showId, event, ...args) => io.to(showRoom(showId)).emit(event, ...args) },
  });
  const viewers = new ViewerCounts(io, logger);
  attachSocketHandlers(io, { service, viewers, logger });

  let demo: LiveShopServer['demo'] = null;
  if (config.demo) {
    const showId = await ensureDemoShow(store, service);
    demo = { showId, hostToken: service.hostToken(showId) };
  }

  const app = createHttpApp({ service, adminKey: secrets.adminKey, allowedOrigins, demoShowId: demo?.showId ?? null, sdkDir: config.sdkDir, logger });
  httpServer.on('request', app);

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      service.flush();
      viewers.close();
      // io.close() disconnects every socket and closes the HTTP server too.
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
        httpServer.closeAllConnections();
      });
      await store.close();
    })());

  return {
    app,
    httpServer,
    io,
    store,
    service,
    config,
    adminKey: secrets.adminKey,
    adminKeySource: secrets.adminKeySource,
    demo,
    close,
  };
}
