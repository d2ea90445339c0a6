import type { ChatMessage, PinsPayload, Product, ShowStatus } from '@live-shop/protocol';

export interface ShowRecord {
  id: string;
  title: string;
  status: ShowStatus;
  statusAt: number;
  createdAt: number;
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

  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;

  close(): Promise<void>;
}
