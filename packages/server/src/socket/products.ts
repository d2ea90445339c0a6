import { productDealSchema, productRefSchema, productUpdateSchema } from '@live-shop/protocol/schemas';
import { ErrorCode, LiveShopError } from '@live-shop/protocol';
import { handle } from './handler.js';
import type { SocketDeps } from './deps.js';
import type { LiveShopIo, LiveShopSocket } from './types.js';

export function register(_io: LiveShopIo, socket: LiveShopSocket, deps: SocketDeps): void {
  const { service, commerce, viewers, catalog, deals } = deps;
  const { showId } = socket.data;
  handle(socket, deps, 'product:pin', productRefSchema, async ({ productId }) => ({
    // Everyone watching when the product appears was shown it (late joiners are counted on join).
    pins: await service.pin(showId, productId, () =>
      commerce.countImpressions(showId, [productId], viewers.count(showId)),
    ),
  }));
  handle(socket, deps, 'product:unpin', productRefSchema, async ({ productId }) => ({
    pins: await service.unpin(showId, productId),
  }));
  handle(socket, deps, 'product:update', productUpdateSchema, async ({ productId, ...patch }) => ({
    product: await catalog.updateProduct(showId, productId, patch),
  }));
  handle(socket, deps, 'product:delete', productRefSchema, async ({ productId }) => ({
    pins: await catalog.deleteProduct(showId, productId),
  }));
  // Flash deals (issue 15): host and moderators.
  handle(socket, deps, 'product:deal', productDealSchema, (body) => {
    // Pinning stays the host's, as with product:pin: a moderator's deal cannot pin.
    if (body.pin && socket.data.role !== 'host')
      throw new LiveShopError(ErrorCode.Forbidden, 'Only the show’s host can pin products');
    return deals.setDeal(showId, body);
  });
  handle(socket, deps, 'product:deal-end', productRefSchema, async ({ productId }) => ({
    product: await deals.endDeal(showId, productId),
  }));
}
