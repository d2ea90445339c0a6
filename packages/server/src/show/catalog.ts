import {
  ErrorCode,
  LiveShopError,
  type CreateProductBody,
  type PinsPayload,
  type Product,
  type PublicShow,
  type UpdateProductBody,
  type UpdateShowBody,
} from '@live-shop/protocol';
import type { Store } from '../store/store.js';
import { KeyedSerial } from './serial.js';
import type { Broadcaster, ShowService } from './service.js';

export interface CatalogDeps {
  store: Store;
  shows: ShowService;
  broadcaster: Broadcaster;
  /** The checkout provider's check of a product (Stripe: amounts it can charge, a matching Stripe Price). */
  checkProduct: (product: CreateProductBody) => Promise<void>;
  /** Closes every connection to a deleted show, on every node. */
  closeShow: (showId: string) => void;
  now?: () => number;
}

/** Statuses in which a show is on air: it cannot be deleted then (End show first). */
const ON_AIR: ReadonlySet<string> = new Set(['starting', 'live', 'reconnecting']);

const notFound = (what: string) => new LiveShopError(ErrorCode.NotFound, `${what} not found`);

/** The product as creation would have taken it: the provider checks the edited product whole. */
function asCreated(p: Product): CreateProductBody {
  return {
    title: p.title,
    description: p.description,
    price: p.price,
    ...(p.imageUrl !== null && { imageUrl: p.imageUrl }),
    ...(p.checkoutUrl !== null && { checkoutUrl: p.checkoutUrl }),
    ...(p.stripePriceId !== null && { stripePriceId: p.stripePriceId }),
    ...(p.stock !== null && { stock: p.stock }),
  };
}

/**
 * Editing and deleting shows and products (the admin API and the studio's editor). Like ShowService:
 * stored first, then broadcast (`show:info`, `show:products`, `product:pins`), so viewers already
 * watching see the change and every node's snapshot cache drops what it held.
 */
export class CatalogService {
  readonly #deps: CatalogDeps;
  readonly #now: () => number;
  /** One edit of a show at a time: broadcasts go out in the order the writes were made. */
  readonly #serial = new KeyedSerial();

  constructor(deps: CatalogDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /** Title, schedule and settings; the status is not editable (it follows the state machine). */
  updateShow(showId: string, body: UpdateShowBody): Promise<PublicShow> {
    const { store, shows, broadcaster } = this.#deps;
    return this.#serial.run(showId, async () => {
      await shows.requireShow(showId);
      const { title, startsAt, description, trailer } = body;
      const info = { title, startsAt, description, trailer };
      if (Object.values(info).some((v) => v !== undefined)) {
        await store.updateShow(showId, info);
        // The show's details whole (not the diff): a viewer applies it as it comes.
        const show = await shows.requireShow(showId);
        broadcaster.emit(showId, 'show:info', {
          title: show.title,
          startsAt: show.startsAt,
          description: show.description,
          trailer: show.trailer,
        });
      }
      if (body.settings) await shows.updateSettings(showId, body.settings);
      return shows.publicShow(showId);
    });
  }

  /**
   * Refused (`invalid_state`) while the show is on air (End show first) and when it has orders (they
   * are money records). Everything else of the show goes; everyone connected gets `show:deleted` and
   * is disconnected. Recordings (local HLS files, Mux assets) are left where they are.
   */
  deleteShow(showId: string): Promise<void> {
    const { store, shows, broadcaster } = this.#deps;
    return this.#serial.run(showId, async () => {
      const show = await shows.requireShow(showId);
      if (ON_AIR.has(show.status))
        throw new LiveShopError(ErrorCode.InvalidState, `The show is ${show.status}: end it before deleting it`);
      const outcome = await store.deleteShow(showId);
      if (outcome === 'not_found') throw notFound('Show');
      if (outcome === 'has_orders')
        throw new LiveShopError(ErrorCode.InvalidState, 'The show has orders: it is kept for their record');
      // Through the show's room: every node's snapshot cache forgets the show before anyone can join it again.
      broadcaster.emit(showId, 'show:deleted', { id: showId, at: this.#now() });
      this.#deps.closeShow(showId);
    });
  }

  /**
   * The same checks as creating a product, on the product as edited: a new price must still be one the
   * checkout provider can charge, and with a Stripe Price, the Price must charge it (send the new
   * `stripePriceId`, or `null` to let the catalog price be charged). Open checkouts keep the price they were opened with.
   */
  updateProduct(showId: string, productId: string, body: UpdateProductBody): Promise<Product> {
    const { store, shows, broadcaster, checkProduct } = this.#deps;
    return this.#serial.run(showId, async () => {
      const current = await shows.requireProduct(showId, productId);
      if (body.price !== undefined || body.stripePriceId !== undefined) {
        const { price = current.price, stripePriceId = current.stripePriceId } = body;
        await checkProduct(asCreated({ ...current, price, stripePriceId }));
      }
      const product = await store.updateProduct(showId, productId, body);
      if (!product) throw notFound('Product');
      broadcaster.emit(showId, 'show:products', { products: await store.listProducts(showId) });
      return product;
    });
  }

  /**
   * Takes the product out of the catalog: unpinned first (viewers get `product:pins`, then
   * `show:products` without it), and no new checkout can start. Orders keep their record and the
   * sales figures keep counting it; checkouts already open may still be paid (or lapse and give their hold back).
   */
  deleteProduct(showId: string, productId: string): Promise<PinsPayload> {
    const { store, shows, broadcaster } = this.#deps;
    return this.#serial.run(showId, async () => {
      await shows.requireProduct(showId, productId);
      if (!(await store.deleteProduct(showId, productId, this.#now()))) throw notFound('Product');
      const pins = await shows.dropPin(showId, productId);
      broadcaster.emit(showId, 'show:products', { products: await store.listProducts(showId) });
      return pins;
    });
  }
}
