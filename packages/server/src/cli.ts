#!/usr/bin/env node
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createLiveShopServer } from './app.js';
import { ConfigError, HELP, originsLine, parseCliConfig } from './config.js';
import { ffmpegProblem, findFfmpeg } from './video/ffmpeg.js';
import { LocalVideoProvider } from './video/local.js';
import { defaultNodeUrl } from './video/node-owner.js';

const NAME = 'live-shop-server';

async function main(): Promise<void> {
  let cli;
  try {
    cli = parseCliConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${NAME}: ${error.message}\n`);
    process.exit(2);
  }
  if (cli.help) {
    process.stdout.write(HELP);
    return;
  }

  // Once, before anything starts: an ffmpeg that cannot run the video pipeline is bad config.
  const ffmpeg = await ffmpegProblem(cli.server.ffmpegPath, cli.server.mux ? 'relay' : 'local');
  if (ffmpeg) {
    process.stderr.write(`${NAME}: ${ffmpeg}\n`);
    process.exit(2);
  }

  const server = await createLiveShopServer(cli.server);
  const { mux, stripe } = cli.server;
  if (mux)
    console.log(
      `${NAME}: video on Mux Live Streams${mux.webhookSecret ? '' : ' (MUX_WEBHOOK_SECRET unset: webhooks are refused, shows will not go live)'}`,
    );
  if (stripe) {
    const ui = stripe.ui === 'embedded' ? 'embedded Stripe Checkout' : 'Stripe Checkout';
    console.log(`${NAME}: checkout on ${ui}; point Stripe's webhooks at /webhooks/stripe`);
  } else {
    console.log(`${NAME}: checkout on the local test checkout (no payment is taken; set STRIPE_SECRET_KEY for Stripe)`);
  }

  await new Promise<void>((resolve, reject) => {
    server.httpServer.once('error', reject);
    server.httpServer.listen(cli.port, cli.host, () => resolve());
  });
  const { port } = server.httpServer.address() as AddressInfo;
  const base = `http://localhost:${port}`;

  console.log(`${NAME} listening on ${cli.host ?? '0.0.0.0'}:${port} (data dir ${cli.server.dataDir})`);
  console.log(`${NAME}: ${originsLine(cli.server)}`);
  if (cli.server.rtmp) {
    // RTMP in (issue 15): a port that cannot be had is a start-up failure, like the HTTP port.
    const rtmp = await server.rtmp();
    if (rtmp)
      console.log(
        `${NAME}: RTMP in for OBS on port ${rtmp.port} (rtmp://<host>:${rtmp.port}/live + the show's stream key)`,
      );
    else
      console.log(
        `${NAME}: LIVE_SHOP_RTMP_PORT is ignored: RTMP in needs the local video provider (with Mux, OBS pushes to Mux)`,
      );
  }
  if (server.video instanceof LocalVideoProvider) {
    // Issue 16: other nodes proxy a show's /hls to the node running its ffmpeg, at this address.
    server.video.nodeUrl ??= defaultNodeUrl(cli.host, port);
    if (cli.server.databaseUrl)
      console.log(
        server.video.nodeUrl
          ? `${NAME}: other nodes fetch the local video of shows this node runs from ${server.video.nodeUrl}`
          : `${NAME}: LIVE_SHOP_NODE_URL unset and --host is every interface: other nodes answer 503 for the local video of shows this node runs; set LIVE_SHOP_NODE_URL=http://<this node's address>:${port}`,
      );
  }
  if (!findFfmpeg(cli.server.ffmpegPath)) {
    // Not bad config (the rest of the server works), but Go live would be the first to say it.
    const what = cli.server.mux ? 'the studio cannot go live from the browser (OBS can)' : 'the studio cannot go live';
    console.log(`${NAME}: no ffmpeg found: ${what} until ffmpeg 5.1+ is installed or FFMPEG_PATH points at it`);
  }
  // Web Push reminders: the key browsers subscribe with (public by design).
  if (server.push) console.log(`${NAME}: Web Push reminders on (VAPID public key ${server.push.publicKey})`);
  if (cli.server.databaseUrl)
    console.log(
      `${NAME}: store on PostgreSQL${cli.server.redisUrl ? ', events across nodes through Redis' : ' (one node: set REDIS_URL to run several)'}`,
    );
  if (server.adminKeySource !== 'config') {
    const where = cli.server.databaseUrl ? 'the database' : path.join(cli.server.dataDir, 'admin-key');
    // Printed once, by the start that created it: logs of every later start would otherwise hold it too.
    if (server.adminKeySource === 'generated')
      console.log(`Admin key (generated, stored in ${where}): ${server.adminKey}`);
    else
      console.log(`Admin key stored in ${where} (printed at its first start only; LIVE_SHOP_ADMIN_KEY overrides it)`);
  }
  if (server.demo) {
    const { showId, hostToken } = server.demo;
    console.log(`Storefront: ${base}/`);
    console.log(`Studio:     ${base}/studio?show=${showId}#token=${hostToken}`);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${NAME}: ${signal}, shutting down`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`${NAME}: shutdown failed`, error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const { code, message } = error as NodeJS.ErrnoException;
  // Start-up failures an operator can fix get one line; anything else keeps its stack.
  if (code === 'EADDRINUSE' || code === 'EACCES') {
    process.stderr.write(`${NAME}: cannot listen: ${message}\n`);
  } else if (message?.startsWith('REDIS_URL:')) {
    process.stderr.write(`${NAME}: ${message}\n`);
  } else if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '28P01' || code === '3D000') {
    // PostgreSQL unreachable, wrong password, no such database.
    process.stderr.write(`${NAME}: cannot use DATABASE_URL: ${message}\n`);
  } else {
    console.error(`${NAME}: failed to start`, error);
  }
  process.exit(1);
});
