import { tokenRoom, type LiveShopIo } from './types.js';

/**
 * Closes every connection that used a token, on every node (revocation). Socket.IO rooms span the
 * nodes through the adapter; the ingest's plain WebSockets do not, so each node is told through the
 * adapter (a server-side event) and closes its own.
 */
export class TokenConnections {
  readonly #io: LiveShopIo;
  readonly #peers: boolean;
  /** Token id → what closes each of this node's other connections (ingest) that used it. */
  readonly #closers = new Map<string, Set<() => void>>();

  /** `peers`: other nodes share the adapter (Redis); the in-memory adapter has nobody to tell. */
  constructor(io: LiveShopIo, peers: boolean) {
    this.#io = io;
    this.#peers = peers;
    io.on('live-shop:token-revoked', (tokenId) => {
      if (typeof tokenId === 'string') this.#closeHere(tokenId);
    });
  }

  /** Registers a connection that is not a Socket.IO one; call the returned function when it closes. */
  track(tokenId: string, close: () => void): () => void {
    let closers = this.#closers.get(tokenId);
    if (!closers) this.#closers.set(tokenId, (closers = new Set()));
    closers.add(close);
    return () => {
      closers.delete(close);
      if (closers.size === 0 && this.#closers.get(tokenId) === closers) this.#closers.delete(tokenId);
    };
  }

  disconnect(tokenId: string): void {
    this.#io.in(tokenRoom(tokenId)).disconnectSockets(true);
    this.#closeHere(tokenId);
    if (this.#peers) this.#io.serverSideEmit('live-shop:token-revoked', tokenId);
  }

  #closeHere(tokenId: string): void {
    for (const close of [...(this.#closers.get(tokenId) ?? [])]) close();
  }
}
