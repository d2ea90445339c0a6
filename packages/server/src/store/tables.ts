/** Row types of the database, as Kysely sees them. Times are epoch ms; JSON columns are text. */
export interface ShowsTable {
  id: string;
  title: string;
  status: string;
  status_at: number;
  created_at: number;
}

export interface ProductsTable {
  id: string;
  show_id: string;
  position: number;
  title: string;
  description: string;
  image_url: string | null;
  price_amount: number;
  price_currency: string;
  checkout_url: string | null;
  stripe_price_id: string | null;
  stock: number | null;
  created_at: number;
}

export interface PinsTable {
  show_id: string;
  /** JSON array of product ids, in pin order. */
  product_ids: string;
  at: number;
}

export interface ChatMessagesTable {
  id: string;
  show_id: string;
  name: string;
  text: string;
  role: string;
  at: number;
  deleted_at: number | null;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface VideoStreamsTable {
  show_id: string;
  provider: string;
  external_id: string | null;
  /** JSON: the provider's private state. */
  data: string;
  /** JSON Playback or null. */
  playback: string | null;
  updated_at: number;
}

export interface WebhookEventsTable {
  provider: string;
  event_id: string;
  received_at: number;
}

export interface Database {
  shows: ShowsTable;
  products: ProductsTable;
  pins: PinsTable;
  chat_messages: ChatMessagesTable;
  meta: MetaTable;
  video_streams: VideoStreamsTable;
  webhook_events: WebhookEventsTable;
}
