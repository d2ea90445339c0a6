import { productRefSchema } from '@live-shop/protocol/schemas';
import { handle } from './handler.js';
import type { LiveShopIo, LiveShopSocket, SocketDeps } from './types.js';

export function register(_io: LiveShopIo, socket: LiveShopSocket, { service, logger }: SocketDeps): void {
  const { showId } = socket.data;
  handle(socket, logger, 'product:pin', productRefSchema, async ({ productId }) => ({
    pins: await service.pin(showId, productId),
  }));
  handle(socket, logger, 'product:unpin', productRefSchema, async ({ productId }) => ({
    pins: await service.unpin(showId, productId),
  }));
}
