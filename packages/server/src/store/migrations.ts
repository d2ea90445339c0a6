import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

// Portable schema-builder calls only, so the same migrations run on PostgreSQL later.
// Epoch-ms and money columns are bigint: they outgrow 32-bit integers.
const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('shows')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_at', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('products')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('show_id', 'text', (c) => c.notNull().references('shows.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('image_url', 'text')
        .addColumn('price_amount', 'bigint', (c) => c.notNull())
        .addColumn('price_currency', 'text', (c) => c.notNull())
        .addColumn('checkout_url', 'text')
        .addColumn('stripe_price_id', 'text')
        .addColumn('stock', 'integer')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('products_show_position').on('products').columns(['show_id', 'position']).execute();
      await db.schema
        .createTable('pins')
        .addColumn('show_id', 'text', (c) => c.primaryKey().references('shows.id').onDelete('cascade'))
        .addColumn('product_ids', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('chat_messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('show_id', 'text', (c) => c.notNull().references('shows.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('deleted_at', 'bigint')
        .execute();
      // History reads "last N of one show by id"; ids are time-ordered.
      await db.schema.createIndex('chat_messages_show_id').on('chat_messages').columns(['show_id', 'id']).execute();
      await db.schema
        .createTable('meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0002_video_and_webhooks': {
    async up(db: Kysely<any>) {
      // One row per show a video provider has worked for. `data` is the provider's private state
      // (stream keys live here and never leave the server); `playback` is what viewers may see.
      await db.schema
        .createTable('video_streams')
        .addColumn('show_id', 'text', (c) => c.primaryKey().references('shows.id').onDelete('cascade'))
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('external_id', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('playback', 'text')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('video_streams_external')
        .on('video_streams')
        .columns(['provider', 'external_id'])
        .execute();
      // Webhook event ids already applied: providers retry and may send an event twice.
      await db.schema
        .createTable('webhook_events')
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('webhook_events_pk', ['provider', 'event_id'])
        .execute();
    },
  },
  '0003_commerce': {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('shows')
        .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      await db.schema
        .createTable('orders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('show_id', 'text', (c) => c.notNull().references('shows.id').onDelete('cascade'))
        .addColumn('product_id', 'text', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('unit_amount', 'bigint', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('flag', 'text')
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('session_id', 'text')
        .addColumn('checkout_url', 'text')
        .addColumn('embedded', 'text')
        .addColumn('shopper_ref', 'text')
        .addColumn('viewer_ref', 'text')
        .addColumn('return_url', 'text')
        .addColumn('idempotency_key', 'text')
        .addColumn('reserved', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('expires_at', 'bigint')
        .addColumn('paid_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      // A double click (same client key) finds the first order instead of making a second one.
      await db.schema
        .createIndex('orders_idempotency')
        .on('orders')
        .columns(['show_id', 'idempotency_key'])
        .unique()
        .execute();
      await db.schema.createIndex('orders_session').on('orders').columns(['provider', 'session_id']).execute();
      await db.schema.createIndex('orders_show_created').on('orders').columns(['show_id', 'created_at']).execute();
      await db.schema.createIndex('orders_expiry').on('orders').columns(['status', 'expires_at']).execute();
      await db.schema
        .createTable('product_funnel')
        .addColumn('show_id', 'text', (c) => c.notNull().references('shows.id').onDelete('cascade'))
        .addColumn('product_id', 'text', (c) => c.notNull())
        .addColumn('impressions', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('buy_clicks', 'bigint', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('product_funnel_pk', ['show_id', 'product_id'])
        .execute();
      await db.schema
        .createTable('checkout_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('success_url', 'text', (c) => c.notNull())
        .addColumn('cancel_url', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('checkout_sessions_expiry')
        .on('checkout_sessions')
        .columns(['status', 'expires_at'])
        .execute();
      // Demo shows seeded before the local checkout existed pointed at a static demo page.
      await db
        .updateTable('products')
        .set({ checkout_url: null })
        .where('checkout_url', 'like', '/demo/checkout?%')
        .execute();
    },
  },
  '0004_moderation': {
    async up(db: Kysely<any>) {
      // Who wrote a message (the ban handle; never sent to viewers), a merchant-verified name, held by the blocklist.
      await db.schema.alterTable('chat_messages').addColumn('viewer_id', 'text').execute();
      await db.schema.alterTable('chat_messages').addColumn('account_id', 'text').execute();
      await db.schema
        .alterTable('chat_messages')
        .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('chat_messages')
        .addColumn('held', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // Every host and moderator token issued: expiry is in the token, revocation only here.
      await db.schema
        .createTable('show_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('show_id', 'text', (c) => c.notNull().references('shows.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .execute();
      await db.schema.createIndex('show_tokens_show').on('show_tokens').columns(['show_id', 'created_at']).execute();
      // Timeouts are scoped to a show; bans to every show (scope '*').
      await db.schema
        .createTable('restrictions')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        // The same person's other id (issued viewer id vs merchant account): the restriction holds for both.
        .addColumn('alias', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('until', 'bigint')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('restrictions_pk', ['scope', 'subject'])
        .execute();
      await db.schema
        .createTable('blocklists')
        .addColumn('show_id', 'text', (c) => c.primaryKey().references('shows.id').onDelete('cascade'))
        .addColumn('terms', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0005_ban_origins': {
    async up(db: Kysely<any>) {
      // A ban now belongs to the show that set it (scope = that show; kind 'ban' still holds in every
      // show): only that show's staff list and lift it. Bans stored before had scope '*'.
      const bans = await db.selectFrom('restrictions').select(['subject', 'at']).where('scope', '=', '*').execute();
      for (const ban of bans) {
        // Banning cleared its author's messages in its show, stamped with the ban's own time.
        const origin = await db
          .selectFrom('chat_messages')
          .select('show_id')
          .where('deleted_at', '=', ban.at)
          .where((eb) => eb.or([eb('viewer_id', '=', ban.subject), eb('account_id', '=', ban.subject)]))
          .executeTakeFirst();
        // Not found: it stays '*', in force everywhere, listed and lifted by the admin only.
        if (!origin) continue;
        // One restriction per show and viewer: the ban replaces a timeout there.
        await db
          .deleteFrom('restrictions')
          .where('scope', '=', origin.show_id)
          .where('subject', '=', ban.subject)
          .execute();
        await db
          .updateTable('restrictions')
          .set({ scope: origin.show_id })
          .where('scope', '=', '*')
          .where('subject', '=', ban.subject)
          .execute();
      }
      await db.schema.createIndex('restrictions_kind').on('restrictions').columns(['kind', 'at']).execute();
    },
  },
  '0006_chat_address': {
    async up(db: Kysely<any>) {
      // The author's network, keyed (`a:…`): a timeout or ban also holds fresh viewer ids from there.
      await db.schema.alterTable('chat_messages').addColumn('address', 'text').execute();
    },
  },
  '0007_checkout_holders': {
    async up(db: Kysely<any>) {
      // Who holds stock in an open checkout (a keyed hash of the shopper's address): the per-address caps count it.
      await db.schema.alterTable('orders').addColumn('holder', 'text').execute();
      await db.schema.createIndex('orders_holder').on('orders').columns(['show_id', 'holder', 'status']).execute();
      await db.schema
        .createTable('checkout_holders')
        .addColumn('show_id', 'text', (c) => c.notNull().references('shows.id').onDelete('cascade'))
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('checkout_holders_pk', ['show_id', 'holder'])
        .execute();
    },
  },
  '0008_token_issuer': {
    async up(db: Kysely<any>) {
      // Which staff token invited a token: revoking a host token revokes the moderators it invited.
      await db.schema.alterTable('show_tokens').addColumn('issued_by', 'text').execute();
      await db.schema.createIndex('show_tokens_issued_by').on('show_tokens').column('issued_by').execute();
    },
  },
  '0009_product_deleted_at': {
    async up(db: Kysely<any>) {
      // A deleted product leaves the catalog but keeps its row: orders and sales figures still name it.
      await db.schema.alterTable('products').addColumn('deleted_at', 'bigint').execute();
    },
  },
  '0010_stage': {
    async up(db: Kysely<any>) {
      // Co-hosts: the program layout per show, and the guests who joined (keyed by their token id).
      await db.schema
        .createTable('stages')
        .addColumn('show_id', 'text', (c) => c.primaryKey().references('shows.id').onDelete('cascade'))
        .addColumn('layout', 'text', (c) => c.notNull().defaultTo('solo'))
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('stage_guests')
        .addColumn('show_id', 'text', (c) => c.notNull().references('shows.id').onDelete('cascade'))
        .addColumn('guest_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('place', 'text', (c) => c.notNull())
        .addColumn('muted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('peer', 'text')
        .addColumn('since', 'bigint', (c) => c.notNull())
        .addColumn('joined', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('stage_guests_pk', ['show_id', 'guest_id'])
        .execute();
      await db.schema.createIndex('stage_guests_peer').on('stage_guests').columns(['peer']).execute();
    },
  },
  '0011_timeline': {
    async up(db: Kysely<any>) {
      // The replay timeline: each pin change and status change as it happened (pins/shows keep only the latest).
      await db.schema
        .createTable('show_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('show_id', 'text', (c) => c.notNull().references('shows.id').onDelete('cascade'))
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('show_events_show_at').on('show_events').columns(['show_id', 'at', 'id']).execute();
      // The timeline reads chat and paid orders by show in time order, from any point (its pages).
      await db.schema
        .createIndex('chat_messages_show_at')
        .on('chat_messages')
        .columns(['show_id', 'at', 'id'])
        .execute();
      await db.schema.createIndex('orders_show_paid').on('orders').columns(['show_id', 'paid_at', 'id']).execute();
    },
  },
  '0012_clips': {
    async up(db: Kysely<any>) {
      // Clips of a show's recording: `data` is the provider's private state (a Mux asset id), never sent to clients.
      await db.schema
        .createTable('clips')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('show_id', 'text', (c) => c.notNull().references('shows.id').onDelete('cascade'))
        .addColumn('product_id', 'text', (c) => c.notNull())
        .addColumn('start_ms', 'bigint', (c) => c.notNull())
        .addColumn('end_ms', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('external_id', 'text')
        .addColumn('playback', 'text')
        .addColumn('title', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('clips_show').on('clips').columns(['show_id', 'created_at', 'id']).execute();
      await db.schema.createIndex('clips_external').on('clips').columns(['provider', 'external_id']).execute();
    },
  },
  '0013_analytics': {
    async up(db: Kysely<any>) {
      // Where the shopper watched when they bought (live, replay, clip): orders made before were live.
      await db.schema
        .alterTable('orders')
        .addColumn('source', 'text', (c) => c.notNull().defaultTo('live'))
        .execute();
      // The funnel's counters per source: a new table (SQLite cannot widen a primary key), the old counts as live.
      await db.schema
        .createTable('funnel_counts')
        .addColumn('show_id', 'text', (c) => c.notNull().references('shows.id').onDelete('cascade'))
        .addColumn('product_id', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('impressions', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('buy_clicks', 'bigint', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('funnel_counts_pk', ['show_id', 'product_id', 'source'])
        .execute();
      await db
        .insertInto('funnel_counts')
        .columns(['show_id', 'product_id', 'source', 'impressions', 'buy_clicks'])
        .expression(
          db
            .selectFrom('product_funnel')
            .select(['show_id', 'product_id', sql.lit('live').as('source'), 'impressions', 'buy_clicks']),
        )
        .execute();
      await db.schema.dropTable('product_funnel').execute();
      // Per-minute counters each node sums in memory and adds on a beat; viewers is that node's peak (summed at read).
      await db.schema
        .createTable('show_minutes')
        .addColumn('show_id', 'text', (c) => c.notNull().references('shows.id').onDelete('cascade'))
        .addColumn('minute', 'bigint', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('node', 'text', (c) => c.notNull())
        .addColumn('viewers', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('buy_clicks', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('impressions', 'bigint', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('show_minutes_pk', ['show_id', 'minute', 'source', 'node'])
        .execute();
    },
  },
  '0014_reactions': {
    async up(db: Kysely<any>) {
      // Reaction taps per minute, source and kind, added by each node on the analytics beat (like show_minutes).
      await db.schema
        .createTable('show_reactions')
        .addColumn('show_id', 'text', (c) => c.notNull().references('shows.id').onDelete('cascade'))
        .addColumn('minute', 'bigint', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('node', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('count', 'bigint', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('show_reactions_pk', ['show_id', 'minute', 'source', 'node', 'kind'])
        .execute();
    },
  },
  // Flash deals, per-buyer limits and coupon codes (issue 15)
  '0018_deals': {
    async up(db: Kysely<any>) {
      for (const column of ['deal_amount', 'deal_ends_at', 'deal_at', 'limit_per_buyer'])
        await db.schema.alterTable('products').addColumn(column, 'bigint').execute();
      await db.schema.alterTable('orders').addColumn('buyer', 'text').execute();
      await db.schema
        .alterTable('orders')
        .addColumn('discount_amount', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('orders').addColumn('coupon_code', 'text').execute();
      // The per-buyer count reads a buyer's orders of one product.
      await db.schema.createIndex('orders_buyer').on('orders').columns(['show_id', 'product_id', 'buyer']).execute();
      await db.schema
        .createTable('coupons')
        .addColumn('show_id', 'text', (c) => c.notNull().references('shows.id').onDelete('cascade'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('percent_off', 'integer')
        .addColumn('amount_off', 'bigint')
        .addColumn('currency', 'text')
        .addColumn('expires_at', 'bigint')
        .addColumn('max_redemptions', 'bigint')
        .addColumn('redemptions', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('disabled_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('coupons_pk', ['show_id', 'code'])
        .execute();
    },
  },
  // polls, Q&A and the announcement banner
  '0017_polls': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('polls')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('show_id', 'text', (c) => c.notNull().references('shows.id').onDelete('cascade'))
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('options', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'bigint', (c) => c.notNull())
        .addColumn('ends_at', 'bigint')
        .addColumn('closed_at', 'bigint')
        .execute();
      await db.schema.createIndex('polls_show').on('polls').columns(['show_id', 'opened_at']).execute();
      // One open poll per show, whichever node starts it (a partial unique index: SQLite and PostgreSQL alike).
      await db.schema
        .createIndex('polls_one_open')
        .on('polls')
        .column('show_id')
        .unique()
        .where(sql.ref('closed_at'), 'is', null)
        .execute();
      // One vote per poll and voter (account, else viewer id): a reconnect or a second node cannot count twice.
      await db.schema
        .createTable('poll_votes')
        .addColumn('poll_id', 'text', (c) => c.notNull().references('polls.id').onDelete('cascade'))
        .addColumn('voter', 'text', (c) => c.notNull())
        .addColumn('option', 'integer', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('poll_votes_pk', ['poll_id', 'voter'])
        .execute();
      await db.schema
        .alterTable('chat_messages')
        .addColumn('question', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('chat_messages').addColumn('answered_at', 'bigint').execute();
      await db.schema
        .createIndex('chat_questions')
        .on('chat_messages')
        .columns(['show_id', 'question', 'at'])
        .execute();
      // The banner and the question on air, one row per show (written when first set).
      await db.schema
        .createTable('show_banners')
        .addColumn('show_id', 'text', (c) => c.primaryKey().references('shows.id').onDelete('cascade'))
        .addColumn('announcement', 'text')
        .addColumn('announcement_at', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('question_id', 'text')
        .addColumn('question_at', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  // RTMP in and simulcast out (issue 15): the host's RTMP destinations, stream keys encrypted (secret-box.ts).
  '0019_simulcast': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('simulcast_destinations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('show_id', 'text', (c) => c.notNull().references('shows.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('key_sealed', 'text', (c) => c.notNull())
        .addColumn('key_hint', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('simulcast_destinations_show')
        .on('simulcast_destinations')
        .columns(['show_id', 'created_at'])
        .execute();
    },
  },
  '0015_schedule': {
    async up(db: Kysely<any>) {
      // The show schedule: announced start, description, trailer (JSON); one column per statement (SQLite).
      await db.schema.alterTable('shows').addColumn('starts_at', 'bigint').execute();
      await db.schema
        .alterTable('shows')
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema.alterTable('shows').addColumn('trailer', 'text').execute();
      // The public list orders upcoming shows by start time.
      await db.schema.createIndex('shows_starts_at').on('shows').columns(['starts_at']).execute();
    },
  },
  '0016_push': {
    async up(db: Kysely<any>) {
      // Web Push reminders: one row per show and browser endpoint; claim/claimed_at make each send exactly-once across nodes.
      await db.schema
        .createTable('push_subscriptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('show_id', 'text', (c) => c.notNull().references('shows.id').onDelete('cascade'))
        .addColumn('endpoint', 'text', (c) => c.notNull())
        .addColumn('p256dh', 'text', (c) => c.notNull())
        .addColumn('auth', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('lang', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending'))
        .addColumn('claim', 'text')
        .addColumn('claimed_at', 'bigint')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint('push_subscriptions_endpoint', ['show_id', 'endpoint'])
        .execute();
      await db.schema
        .createIndex('push_subscriptions_due')
        .on('push_subscriptions')
        .columns(['show_id', 'state'])
        .execute();
    },
  },
  '0017_shows_status': {
    async up(db: Kysely<any>) {
      // The shows on air (every node's sweep, every 5 s) and the public list's pages (past shows newest
      // first) read a few rows each, however many shows have ended.
      await db.schema.createIndex('shows_status').on('shows').columns(['status', 'status_at', 'id']).execute();
    },
  },
};

/** In-code migrations: nothing to locate on disk when installed from npm. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
