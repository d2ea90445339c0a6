import { ErrorCode, LiveShopError } from '@live-shop/protocol';
import {
  emptySchema,
  simulcastAddSchema,
  simulcastEnableSchema,
  simulcastRefSchema,
} from '@live-shop/protocol/schemas';
import type { SimulcastService } from '../video/simulcast.js';
import { handle } from './handler.js';
import type { SocketDeps } from './deps.js';
import type { LiveShopIo, LiveShopSocket } from './types.js';

/** RTMP in's key rotation and simulcast out (issue 15): host-only events (EVENT_ROLES answers others `forbidden`). */
export function register(_io: LiveShopIo, socket: LiveShopSocket, deps: SocketDeps): void {
  const { showId } = socket.data;
  const host = () => ({ host: socket.handshake.headers.host });
  const simulcast = async (): Promise<SimulcastService> => {
    await deps.service.requireShow(showId);
    if (!deps.simulcast)
      throw new LiveShopError(
        ErrorCode.VideoUnavailable,
        'Simulcast runs with the local video provider (with Mux, add simulcast targets to the Mux live stream)',
      );
    return deps.simulcast;
  };

  handle(socket, deps, 'video:rotate-key', emptySchema, async () => {
    await deps.service.requireShow(showId);
    return { ingest: deps.rotateIngestKey ? await deps.rotateIngestKey(showId, host()) : null };
  });
  handle(socket, deps, 'simulcast:list', emptySchema, async () => (await simulcast()).list(showId));
  handle(socket, deps, 'simulcast:add', simulcastAddSchema, async (payload) =>
    (await simulcast()).add(showId, payload),
  );
  handle(socket, deps, 'simulcast:remove', simulcastRefSchema, async ({ id }) =>
    (await simulcast()).remove(showId, id),
  );
  handle(socket, deps, 'simulcast:enable', simulcastEnableSchema, async ({ id, enabled }) =>
    (await simulcast()).enable(showId, id, enabled),
  );
}
