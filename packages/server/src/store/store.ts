import type { ChatMessage, PinsPayload, Playback, Product, ShowStatus } from '@live-shop/protocol';

export interface ShowRecord {
  id: string;
  title: string;
  status: ShowStatus;
  statusAt: number;
  createdAt: number;
}

/** A video provider's record for one show. */
export interface VideoStreamRecord {
  showId: string;
  provider: string;
  /** The provider's own id for the stream (e.g. a Mux live stream id), to map webhooks back. */
  externalId: string | null;
  /** Provider-private state (stream keys…): never sent to any client. */
  data: Record<string, unknown>;
  /** What viewers play: live stream, then replay. */
  playback: Playback | null;
  updatedAt: number;
}

export interface NewProduct extends Omit<Product, 'showId'> {
  createdAt: number;
}

/**
 * Everything the server persists. Callers only see this interface, so a PostgreSQL
 * implementation can replace SQLite without touching them. All methods are async.
 */
export interface Store {
  /** Creates the show, its products (in order) and empty pins atomically. */
  createShow(show: ShowRecord, products: NewProduct[]): Promise<void>;
  getShow(id: string): Promise<ShowRecord | null>;
  /** Newest first. */
  listShows(): Promise<ShowRecord[]>;
  setShowStatus(id: string, status: ShowStatus, at: number): Promise<void>;

  /** Appends after the show's last product. */
  addProduct(showId: string, product: NewProduct): Promise<Product>;
  /** In catalog order. */
  listProducts(showId: string): Promise<Product[]>;
  /** Null when the product does not exist or belongs to another show. */
  getProduct(showId: string, productId: string): Promise<Product | null>;

  getPins(showId: string): Promise<PinsPayload>;
  setPins(showId: string, pins: PinsPayload): Promise<void>;

  addChatMessage(showId: string, message: ChatMessage): Promise<void>;
  /** The last `limit` messages that are not deleted, oldest first. */
  recentChat(showId: string, limit: number): Promise<ChatMessage[]>;
  /** Soft-deletes; false when no such message exists in this show. Deleting twice is fine. */
  deleteChatMessage(showId: string, id: string, at: number): Promise<boolean>;

  getVideoStream(showId: string): Promise<VideoStreamRecord | null>;
  findVideoStream(provider: string, externalId: string): Promise<VideoStreamRecord | null>;
  /** Inserts or replaces the show's record. */
  putVideoStream(record: VideoStreamRecord): Promise<void>;

  /** Records a webhook event id; false when it was recorded before (a duplicate: apply nothing). */
  recordWebhookEvent(provider: string, eventId: string, at: number): Promise<boolean>;
  /** Forgets a recorded event id (its effects failed to apply: the provider's retry must apply them). */
  forgetWebhookEvent(provider: string, eventId: string): Promise<void>;

  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;

  close(): Promise<void>;
}
