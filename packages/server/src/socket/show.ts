import { emptySchema, showSettingsSchema } from '@live-shop/protocol/schemas';
import { handle } from './handler.js';
import type { SocketDeps } from './deps.js';
import type { LiveShopIo, LiveShopSocket } from './types.js';

export function register(_io: LiveShopIo, socket: LiveShopSocket, deps: SocketDeps): void {
  const { service } = deps;
  const { showId } = socket.data;
  handle(socket, deps, 'show:start', emptySchema, () => service.start(showId));
  handle(socket, deps, 'show:end', emptySchema, () => service.end(showId));
  handle(socket, deps, 'video:ingest', emptySchema, () =>
    service.videoIngest(showId, { host: socket.handshake.headers.host }),
  );
  handle(socket, deps, 'show:update', showSettingsSchema, (patch) => service.updateSettings(showId, patch));
}
