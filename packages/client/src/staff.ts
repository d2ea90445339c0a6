/**
 * Staff actions of `LiveShopClient` (products, deals, chat moderation, show control, RTMP and
 * simulcast): a chunk loaded on the first such call, so viewers, who share the class, never download
 * them. Each takes the client's internals first; `client.ts` keeps the public, typed methods.
 */
import {
  ClientEvent,
  type ChatMessage,
  type ClientToServerEvents,
  type IngestInfo,
  type ModeratorInvite,
  type ModeratorInvitePayload,
  type PinsPayload,
  type Product,
  type ProductDealPayload,
  type RestrictedViewer,
  type ShowSettings,
  type SimulcastAddPayload,
  type SimulcastDestination,
  type StatusPayload,
  type UpdateProductBody,
} from '@live-shop/protocol';
import { withSettings } from './reduce.js';
import type { LiveShopClientOptions } from './state.js';
import type { ShowStore } from './store.js';

/** What a staff action needs of its client. */
export interface StaffContext {
  store: ShowStore;
  options: Readonly<LiveShopClientOptions>;
  request<T extends keyof ClientToServerEvents>(
    event: T,
    payload: Parameters<ClientToServerEvents[T]>[0],
  ): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const pins = async (c: StaffContext, ack: Promise<{ pins: PinsPayload }>) => {
  const answer = await ack;
  c.store.applyPins(answer.pins);
  return answer;
};
const settings = async (c: StaffContext, ack: Promise<{ settings: ShowSettings }>) => {
  const answer = await ack;
  c.store.set(withSettings(answer.settings));
  return answer;
};
const status = async (c: StaffContext, ack: Promise<StatusPayload>) => {
  const answer = await ack;
  c.store.applyStatus(answer);
  return answer;
};
const destinations = async (ack: Promise<{ destinations: SimulcastDestination[] }>) => (await ack).destinations;
const ingest = async (ack: Promise<{ ingest: IngestInfo | null }>) => (await ack).ingest;

export const staffActions = {
  pin: (c: StaffContext, productId: string): Promise<{ pins: PinsPayload }> =>
    pins(c, c.request(ClientEvent.ProductPin, { productId })),
  unpin: (c: StaffContext, productId: string): Promise<{ pins: PinsPayload }> =>
    pins(c, c.request(ClientEvent.ProductUnpin, { productId })),
  async updateProduct(c: StaffContext, productId: string, patch: UpdateProductBody): Promise<{ product: Product }> {
    const ack: { product: Product } = await c.request(ClientEvent.ProductUpdate, { ...patch, productId });
    c.store.set({ products: c.store.state.products.map((p) => (p.id === productId ? ack.product : p)) });
    return ack;
  },
  setDeal: (c: StaffContext, deal: ProductDealPayload): Promise<{ product: Product; pins?: PinsPayload }> =>
    c.request(ClientEvent.ProductDeal, deal),
  endDeal: (c: StaffContext, productId: string): Promise<{ product: Product }> =>
    c.request(ClientEvent.ProductDealEnd, { productId }),
  async deleteProduct(c: StaffContext, productId: string): Promise<{ pins: PinsPayload }> {
    const ack = await pins(c, c.request(ClientEvent.ProductDelete, { productId }));
    c.store.set({ products: c.store.state.products.filter((p) => p.id !== productId) });
    return ack;
  },
  deleteMessage: (c: StaffContext, id: string): Promise<Record<never, never>> =>
    c.request(ClientEvent.ChatDelete, { id }),
  approveMessage: (c: StaffContext, id: string): Promise<{ message: ChatMessage }> =>
    c.request(ClientEvent.ChatApprove, { id }),
  setSlowMode: (c: StaffContext, seconds: number): Promise<{ settings: ShowSettings }> =>
    settings(c, c.request(ClientEvent.ChatSlowMode, { seconds })),
  setBlocklist: (c: StaffContext, terms: string[]): Promise<{ blocklist: string[] }> =>
    c.request(ClientEvent.ChatBlocklist, { terms }),
  timeoutViewer: (c: StaffContext, messageId: string, seconds: number): Promise<{ restricted: RestrictedViewer }> =>
    c.request(ClientEvent.ViewerTimeout, { messageId, seconds }),
  banViewer: (c: StaffContext, messageId: string): Promise<{ restricted: RestrictedViewer }> =>
    c.request(ClientEvent.ViewerBan, { messageId }),
  unbanViewer: (c: StaffContext, viewerId: string): Promise<Record<never, never>> =>
    c.request(ClientEvent.ViewerUnban, { viewerId }),
  async inviteModerator(c: StaffContext, options: ModeratorInvitePayload = {}): Promise<ModeratorInvite> {
    const { token, moderator, studioUrl } = await c.request(ClientEvent.ModeratorInvite, options);
    return { token, moderator, studioUrl: new URL(studioUrl, c.options.server).href };
  },
  revokeModerator: (c: StaffContext, id: string): Promise<Record<never, never>> =>
    c.request(ClientEvent.ModeratorRevoke, { id }),
  goLive: (c: StaffContext): Promise<StatusPayload> => status(c, c.request(ClientEvent.ShowStart, {})),
  endShow: (c: StaffContext): Promise<StatusPayload> => status(c, c.request(ClientEvent.ShowEnd, {})),
  updateSettings: (c: StaffContext, patch: Partial<ShowSettings>): Promise<{ settings: ShowSettings }> =>
    settings(c, c.request(ClientEvent.ShowUpdate, patch)),
  ingestInfo: (c: StaffContext): Promise<IngestInfo | null> => ingest(c.request(ClientEvent.VideoIngest, {})),
  rotateIngestKey: (c: StaffContext): Promise<IngestInfo | null> => ingest(c.request(ClientEvent.VideoRotateKey, {})),
  simulcastDestinations: (c: StaffContext): Promise<SimulcastDestination[]> =>
    destinations(c.request(ClientEvent.SimulcastList, {})),
  addSimulcastDestination: (c: StaffContext, destination: SimulcastAddPayload): Promise<SimulcastDestination[]> =>
    destinations(c.request(ClientEvent.SimulcastAdd, destination)),
  removeSimulcastDestination: (c: StaffContext, id: string): Promise<SimulcastDestination[]> =>
    destinations(c.request(ClientEvent.SimulcastRemove, { id })),
  enableSimulcastDestination: (c: StaffContext, id: string, enabled: boolean): Promise<SimulcastDestination[]> =>
    destinations(c.request(ClientEvent.SimulcastEnable, { id, enabled })),
};

export type StaffActions = typeof staffActions;
