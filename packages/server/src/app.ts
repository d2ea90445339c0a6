import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { LIMITS, SOCKET_PATH } from '@live-shop/protocol';
import type { Express } from 'express';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Server } from 'socket.io';
import { MinuteCounters } from './analytics/minutes.js';
import { ReactionService } from './show/reactions.js';
import { BannerService } from './show/banners.js';
import { PollService } from './show/polls.js';
import { CommerceService, createCheckoutProvider } from './checkout/index.js';
import { ConfigError, TRUST_PROXY_TRUE, type LiveShopServerConfig } from './config.js';
import { ensureDemoShow } from './demo.js';
import { createHttpApp } from './http/app.js';
import { ClientPolicy } from './http/client-policy.js';
import { consoleLogger } from './logger.js';
import { loadSecrets, type AdminKeySource } from './secrets.js';
import { DEFAULT_RECONNECT_GRACE_MS, ShowService, type Broadcaster } from './show/service.js';
import { Identities } from './identity.js';
import { DealService } from './checkout/deals.js';
import { readViewerCredential } from './tokens.js';
import { ModerationService } from './show/moderation.js';
import { PublicShows } from './show/public-show.js';
import { CatalogService } from './show/catalog.js';
import { SnapshotCache } from './show/snapshot-cache.js';
import { StageService } from './show/stage.js';
import { DEFAULT_EVENT_LIMIT } from './socket/handler.js';
import {
  attachSocketHandlers,
  hostsRoom,
  showRoom,
  stageRoom,
  staffRoom,
  viewerRoom,
  type LiveShopIo,
} from './socket/index.js';
import { fastWrites, singleRoomApply, type FastWriteStats } from './socket/fast-write.js';
import { TokenConnections } from './socket/token-connections.js';
import { invalidateOnBroadcast } from './socket/snapshots.js';
import { ViewerCounts } from './socket/viewers.js';
import { connectRedis } from './redis.js';
import { openPostgresStore } from './store/postgres.js';
import { openSqliteStore } from './store/sqlite.js';
import type { Store } from './store/store.js';
import { createVideoProvider } from './video/index.js';
import { attachIngest } from './video/ingest.js';
import { startRtmpIngest } from './video/rtmp-ingest.js';
import { SimulcastService } from './video/simulcast.js';
import { SecretBox } from './secret-box.js';
import type { RtmpServer } from './video/rtmp/server.js';
import { LocalVideoProvider } from './video/local.js';
import { MuxProvider } from './video/mux.js';
import type { VideoProvider } from './video/provider.js';
import { OrphanSweep } from './video/orphans.js';
import { VideoSignalHub } from './video/signals.js';
import { LocalClipCutter } from './video/local-clips.js';
import { MuxClipCutter } from './video/mux-clips.js';
import { ClipService } from './show/clips.js';
import { PushReminders } from './push/reminders.js';

export interface LiveShopServer {
  app: Express;
  httpServer: HttpServer;
  io: LiveShopIo;
  store: Store;
  service: ShowService;
  commerce: CommerceService;
  /** This node's per-minute analytics counters. */
  minutes: MinuteCounters;
  moderation: ModerationService;
  video: VideoProvider;
  /** RTMP in's listener once the HTTP server listens (null when LIVE_SHOP_RTMP_PORT is unset or Mux is used). */
  rtmp(): Promise<RtmpServer | null>;
  config: LiveShopServerConfig;
  adminKey: string;
  /** `generated` means this start created it: print it, nobody knows it yet. */
  adminKeySource: AdminKeySource;
  /** How many broadcast deliveries took the fast path (`fastWrites`) and how many the normal one; cheap counters. */
  stats: Readonly<FastWriteStats>;
  /** Web Push reminders (null unless `config.webPush`). */
  push: PushReminders | null;
  /** The seeded demo show (demo mode only). */
  demo: { showId: string; hostToken: string } | null;
  /** Flushes pending chat, stops encoders, closes sockets, the HTTP server, timers and the store. Idempotent. */
  close(): Promise<void>;
}

/** Socket messages beyond this are dropped by Socket.IO before any handler runs. */
export const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024;
/** A connection back within this window resumes its session: the events it missed are replayed, no snapshot. */
export const RECOVERY_WINDOW_MS = 2 * 60_000;

/** Builds everything, listens nowhere: call `httpServer.listen()` (the CLI does, tests use port 0). */
export async function createLiveShopServer(config: LiveShopServerConfig): Promise<LiveShopServer> {
  const logger = config.logger ?? consoleLogger;
  // Typed out, but a JavaScript caller could still pass it: every limit would count client-chosen addresses.
  if ((config.trustProxy as unknown) === true) throw new ConfigError(TRUST_PROXY_TRUE);
  // Which browser origins may call (REST, socket, ingest) and how often one address may: one policy for every door.
  const clientPolicy = new ClientPolicy({ ...config, logger });
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const store = config.databaseUrl
    ? await openPostgresStore(config.databaseUrl, { timeoutMs: config.databaseTimeoutMs })
    : await openSqliteStore(path.join(config.dataDir, 'live-shop.db'));
  // With a shared database every node must sign and verify host tokens with the same secret.
  const secrets = await loadSecrets(
    config.dataDir,
    config.adminKey,
    config.databaseUrl ? store : null,
    config.webPush && (config.webPush.vapidKeys ?? 'generate'),
  );
  // Web Push reminders: sent when a show goes live (the service's hook below), from the store's claims.
  const push =
    config.webPush && secrets.vapidKeys
      ? new PushReminders({
          store,
          vapidKeys: secrets.vapidKeys,
          config: config.webPush,
          publicUrl: config.publicUrl,
          logger,
          now: config.now,
        })
      : null;

  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : null;
  const httpServer = createServer();
  const io: LiveShopIo = new Server(httpServer, {
    // Many nodes: every broadcast goes through a Redis stream to the other nodes' viewers.
    ...(redis && { adapter: createAdapter(redis) }),
    path: SOCKET_PATH,
    serveClient: false,
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
    // The handshake's checks (show, token) ran when the session began; its socket.data comes back with it.
    connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: true },
    // No cookies are used, so reflecting an allowed origin is enough.
    cors: (req, cb) => cb(null, { origin: clientPolicy.allowsRaw(req) }),
    // CORS does not cover WebSocket upgrades: every new connection's origin and address budget are checked here.
    allowRequest: clientPolicy.allowSocket,
    // Otherwise engine.io destroys every upgrade it does not own after 1 s, the ingest's included.
    destroyUpgrade: false,
  });

  // Revocation reaches the token's Socket.IO and ingest connections, on every node.
  const tokenConnections = new TokenConnections(io, !!redis);
  const broadcaster = {
    emit: (showId, event, ...args) => io.to(showRoom(showId)).emit(event, ...args),
    emitToHosts: (showId, event, ...args) => io.to(hostsRoom(showId)).emit(event, ...args),
    emitToStaff: (showId, event, ...args) => io.to(staffRoom(showId)).emit(event, ...args),
    emitToViewer: (showId, subject, event, ...args) => io.to(viewerRoom(showId, subject)).emit(event, ...args),
    disconnectToken: (tokenId) => tokenConnections.disconnect(tokenId),
  } satisfies Broadcaster;
  // What joins are sent, cached per show; every broadcast to the show (from any node) invalidates it.
  const publicShows = new PublicShows(store, config.now, push?.publicKey ?? null);
  const snapshots = new SnapshotCache({
    publicShow: (id) => publicShows.publicShow(id),
    recentChat: (id) => store.recentChat(id, LIMITS.chatHistory),
  });
  invalidateOnBroadcast(io, snapshots);
  // Polls, Q&A and the announcement banner: results at most once per window per show from this node,
  // a window that widens with the audience (`viewers` is made below, before any vote).
  const polls = new PollService({
    store,
    publishState: (showId, payload) => io.to(showRoom(showId)).emit('poll:state', payload),
    publishResults: (showId, payload) => io.to(showRoom(showId)).emit('poll:results', payload),
    audience: (showId) => viewers.count(showId),
    logger,
    now: config.now,
  });
  publicShows.onExpiredPoll = (poll) =>
    void polls.expire(poll).catch((error: unknown) => logger.error('live-shop: poll update failed', error));
  const banners = new BannerService({ store, broadcaster, logger, now: config.now });
  // Broadcasts go straight to WebSocket connections that have nothing pending (see socket/fast-write.ts).
  const fast = fastWrites(logger);
  if (config.fastWrites !== false) {
    io.on('connection', fast.use);
    singleRoomApply(io.of('/').adapter);
  }
  // The provider reports media up/down here; the service, built next with the provider, subscribes.
  const videoSignals = new VideoSignalHub();
  const video = createVideoProvider(config, {
    store,
    signals: videoSignals,
    logger,
    dataDir: config.dataDir,
    ffmpegPath: config.ffmpegPath,
  });
  const service = new ShowService({
    store,
    tokenSecret: secrets.tokenSecret,
    broadcaster,
    video,
    videoSignals,
    publicShows,
    reconnectGraceMs: config.reconnectGraceMs,
    logger,
    chatStored: (showId) => snapshots.changed(showId, ['chat']),
    chatShow: (showId) => snapshots.show(showId),
    chatRemoved: (showId, ids) => banners.deleted(showId, ids),
    onStatus: (showId, status) => {
      push?.statusChanged(showId, status);
      if (status === 'ended')
        polls.showEnded(showId).catch((error: unknown) => logger.error('live-shop: poll update failed', error));
    },
    now: config.now,
  });
  await service.resumeAfterRestart();
  // Several nodes: a show whose node died does not stay on air for good (video/orphans.ts).
  const orphans =
    redis &&
    new OrphanSweep({
      nodeId: video.nodeId ?? null,
      announce: (nodeId) => io.serverSideEmit('live-shop:node', nodeId),
      store,
      signal: (showId, input) => service.signal(showId, input),
      graceOver: (showId, since) => service.graceOver(showId, since),
      mediaUpHere: () => video.mediaUpHere?.() ?? new Set(),
      graceMs: config.reconnectGraceMs ?? DEFAULT_RECONNECT_GRACE_MS,
      logger,
      now: config.now,
    });
  io.on('live-shop:node', (nodeId) => orphans?.heard(nodeId));
  await push?.resume();
  const holdLimits = {
    unitsPerProduct: config.checkout?.holdUnitsPerProduct,
    checkoutsPerShow: config.checkout?.openCheckoutsPerShow,
  };
  // Per-minute analytics counted on this node (viewers, clicks, impressions), added to the store on a beat.
  const minutes = new MinuteCounters({ store, logger, now: config.now });
  // The token secret is shared by every node on one database: their keyed shopper addresses agree.
  const commerce = new CommerceService({
    store,
    shows: service,
    // The local test checkout's events go to `deliver`, the service's own webhook entry: the path Stripe's take.
    provider: (deliver) =>
      createCheckoutProvider(config, { store, logger, webhookSecret: secrets.checkoutWebhookSecret, deliver }),
    broadcaster,
    logger,
    holdLimits,
    holderSecret: secrets.tokenSecret,
    minutes,
    now: config.now,
    // Per-buyer limits and coupons (issue 15): the buyer is the viewer's signed id.
    deals: store.deals,
    buyerOf: (credential) => {
      const id = readViewerCredential(secrets.tokenSecret, credential);
      return id ? `v:${id}` : null;
    },
  });
  // Co-hosts: the stage list and layout, broadcast to the show's stage room (host, moderators, guests);
  // the names on stage to the whole show (one small event per change of them, whatever the audience).
  const stage = new StageService({
    store,
    access: service.access,
    publish: (showId, state) => io.to(stageRoom(showId)).emit('stage:state', state),
    publishOnStage: (showId, guestsOnStage) => io.to(showRoom(showId)).emit('show:stage', { guestsOnStage }),
    disconnectToken: (tokenId) => tokenConnections.disconnect(tokenId),
    livePeers: async (showId) => new Set((await io.in(stageRoom(showId)).fetchSockets()).map((s) => s.id)),
    logger,
  });
  // Each node counts its own viewers and tells the others; each sends the sum to its own connections.
  const viewers = new ViewerCounts(
    io,
    logger,
    redis && { publish: (node, showId, count) => io.serverSideEmit('live-shop:viewers', node, showId, count) },
  );
  io.on('live-shop:viewers', (node, showId, count) => viewers.heard(node, showId, count));
  // Reaction taps: one `reactions:counts` per show and window from this node, whatever the audience.
  const reactions = new ReactionService({
    publish: (showId, payload) => io.to(showRoom(showId)).emit('reactions:counts', payload),
    minutes,
    store,
    now: config.now,
  });
  // With several nodes, a rule change on one must reach the others' caches (the in-memory adapter has no peers).
  const notifyPeers = redis
    ? (showId: string) => void io.serverSideEmit('live-shop:moderation-changed', showId)
    : undefined;
  const moderation = new ModerationService({
    store,
    shows: service,
    broadcaster,
    logger,
    notifyPeers,
    chatRequiresIdentity: config.chatRequiresIdentity,
    // Revoked guest links (a guest's, or a host's and the guests it invited) leave the stage list.
    tokensRevoked: (showId, ids) =>
      void stage
        .dropRevoked(showId, ids)
        .catch((error: unknown) => logger.error('live-shop: stage update failed', error)),
  });
  io.on('live-shop:moderation-changed', (showId) => {
    if (typeof showId === 'string') moderation.invalidate(showId);
  });
  const catalog = new CatalogService({
    store,
    shows: service,
    broadcaster,
    checkProduct: (p) => commerce.checkProduct(p),
    closeShow: (id) => io.in(showRoom(id)).disconnectSockets(true),
  });
  // Flash deals (staff, socket) and coupon codes (admin API), issue 15.
  const deals = new DealService({
    store,
    shows: service,
    broadcaster,
    checkProduct: (p) => commerce.checkProduct(p),
    onPinned: (showId, productId) => commerce.countImpressions(showId, [productId], viewers.count(showId)),
    now: config.now,
  });
  // Simulcast out (local provider): keys sealed with a key derived from the server secret; status to staff only.
  const localProvider = video instanceof LocalVideoProvider ? video : null;
  const simulcast = localProvider
    ? new SimulcastService({
        store: store.simulcast,
        box: new SecretBox(secrets.tokenSecret, 'simulcast-stream-keys'),
        broadcast: (showId, status) => broadcaster.emitToStaff(showId, 'simulcast:status', status),
        logger,
        ffmpegPath: config.ffmpegPath,
        now: config.now,
        options: config.simulcast,
      })
    : null;
  if (localProvider) localProvider.sessionObserver = simulcast;
  // Issue 16: the address other nodes proxy this node's `/hls` to (cli.ts fills it from the listening address).
  if (localProvider && config.nodeUrl) localProvider.nodeUrl = config.nodeUrl;
  const identities = new Identities(secrets.tokenSecret, config.identitySecret ?? null);
  const addressOf = (req: IncomingMessage) => clientPolicy.addressOf(req);
  attachSocketHandlers(io, {
    service,
    commerce,
    moderation,
    catalog,
    deals,
    identities,
    viewers,
    minutes,
    reactions,
    polls,
    banners,
    stage,
    iceServers: config.iceServers ?? [],
    snapshots,
    logger,
    addressOf,
    eventLimit: config.socketEventLimit ?? DEFAULT_EVENT_LIMIT,
    simulcast,
    ...(localProvider && { rotateIngestKey: (showId, context) => localProvider.rotateIngestKey(showId, context) }),
  });

  // One node: no connection survived the stop, so no guest recorded as connected is. (In a cluster this
  // node may not know its peers yet: the host's snapshot checks instead, against every node's connections.)
  if (!redis) await stage.resumeAfterRestart();

  let demo: LiveShopServer['demo'] = null;
  if (config.demo) {
    const showId = await ensureDemoShow(store, service);
    demo = { showId, hostToken: (await service.access.hostToken(showId)).token };
  }

  const localVideo = video instanceof LocalVideoProvider ? video : null;
  const mux = video instanceof MuxProvider ? video : null;
  const clipDeps = { clips: store.clips, logger, ffmpegPath: config.ffmpegPath };
  const clipCutter = localVideo
    ? new LocalClipCutter(localVideo, clipDeps, config.clips)
    : mux
      ? new MuxClipCutter(mux, clipDeps)
      : null;
  const clips = new ClipService({ store, requireShow: (id) => service.requireShow(id), cutter: clipCutter, logger });
  const app = createHttpApp({
    service,
    commerce,
    moderation,
    catalog,
    deals,
    adminKey: secrets.adminKey,
    clientPolicy,
    demoShowId: demo?.showId ?? null,
    sdkDir: config.sdkDir,
    logger,
    localVideo,
    mux,
    clips,
    clipCutter,
    unitsPerMinute: config.checkout?.unitsPerMinute,
    trustProxy: config.trustProxy,
    publicUrl: config.publicUrl,
    analyticsStore: store,
    scheduleStore: store,
    push,
    pushStore: store.push,
    now: config.now,
  });
  httpServer.on('request', app);
  const ingest = attachIngest({ httpServer, service, video, clientPolicy, tokens: tokenConnections, logger });
  // RTMP in: its listener follows the HTTP server's (the factory itself never listens).
  let rtmp: Promise<RtmpServer | null> = Promise.resolve(null);
  if (config.rtmp && localVideo) {
    const options = config.rtmp;
    httpServer.once('listening', () => {
      rtmp = startRtmpIngest({ service, video: localVideo, logger }, options);
      // The CLI awaits it (and exits on EADDRINUSE); embedders read server.rtmp().
      rtmp.catch(() => {});
    });
  }

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await service.flush();
      service.close();
      orphans?.close();
      viewers.close();
      reactions.close();
      polls.close();
      await push?.close();
      await commerce.close();
      await minutes.close();
      // Encoders first (they flush their last segment), then their connections; signals stop here.
      await (await rtmp.catch(() => null))?.close();
      await simulcast?.close();
      await video.close();
      await clips.close();
      await ingest.close();
      // io.close() disconnects every socket and closes the HTTP server too.
      await new Promise<void>((resolve, reject) => {
        io.close(() => resolve()).catch(reject);
        httpServer.closeAllConnections();
      });
      // Guests' connections just closed: their presence is written before the store closes.
      await stage.drain();
      // Chat taken in the last moments before the sockets closed: stored (and sent to other nodes).
      await service.flush();
      await redis?.quit().catch(() => {});
      await store.close();
    })());

  return {
    app,
    httpServer,
    io,
    store,
    service,
    commerce,
    minutes,
    moderation,
    video,
    rtmp: () => rtmp,
    config,
    adminKey: secrets.adminKey,
    adminKeySource: secrets.adminKeySource,
    stats: fast.stats,
    push,
    demo,
    close,
  };
}
