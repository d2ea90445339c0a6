import { emptySchema, showSettingsSchema } from '@live-shop/protocol/schemas';
import { handle } from './handler.js';
import type { LiveShopIo, LiveShopSocket, SocketDeps } from './types.js';

export function register(_io: LiveShopIo, socket: LiveShopSocket, { service, logger }: SocketDeps): void {
  const { showId } = socket.data;
  handle(socket, logger, 'show:start', emptySchema, () => service.start(showId));
  handle(socket, logger, 'show:end', emptySchema, () => service.end(showId));
  handle(socket, logger, 'video:ingest', emptySchema, () => service.videoIngest(showId));
  handle(socket, logger, 'show:update', showSettingsSchema, (patch) => service.updateSettings(showId, patch));
}
