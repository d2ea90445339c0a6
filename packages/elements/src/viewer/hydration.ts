import { formatPrice, type Price, type Product } from '@live-shop/protocol';

/**
 * What the page's `hydrateProduct` hook may change about a product: display only (your storefront's
 * own title, price, stock, image and variant label). The server's catalog still sets the charged price.
 */
export interface ProductPatch {
  title?: string;
  price?: Price;
  stock?: number | null;
  imageUrl?: string | null;
  /** Variant label shown under the title, e.g. "Size M · Navy". */
  label?: string;
}

export type HydrateProduct = (product: Product) => ProductPatch | null | Promise<ProductPatch | null>;

const FIELDS = ['title', 'price', 'stock', 'imageUrl'] as const;

/**
 * Asks a hook once per product id for a patch and merges it over the server's product (the patch
 * wins, except over the server's sold out: stock 0 stays 0). Merged products keep their identity
 * while neither side changes, so cards don't re-render. A throwing or rejecting hook is ignored
 * (one console warning): the server's product shows.
 */
export class ProductHydrator {
  #patches = new Map<string, ProductPatch>();
  #asked = new Set<string>();
  #merged = new Map<string, [Product, ProductPatch | undefined, Product]>();
  #generation = 0;
  #warned = false;
  #priceWarned = false;
  #onChange: () => void;
  #devWarnings: () => boolean;

  /** `devWarnings`: whether to warn (once) when a patch shows a price checkout will not charge. */
  constructor(onChange: () => void, devWarnings: () => boolean = () => false) {
    this.#onChange = onChange;
    this.#devWarnings = devWarnings;
  }

  /** Asks the hook about each product it has not asked about yet. */
  see(products: readonly Product[], hook: HydrateProduct | null): void {
    if (!hook) return;
    for (const p of products) if (!this.#asked.has(p.id)) this.#ask(p, hook);
  }

  /** The next `see` asks again about every product; current patches show until the answers replace them. */
  reset(dropPatches = false): void {
    this.#asked.clear();
    this.#generation++;
    if (dropPatches) this.#patches.clear();
  }

  product(p: Product): Product {
    const patch = this.#patches.get(p.id);
    const cached = this.#merged.get(p.id);
    if (cached && cached[0] === p && cached[1] === patch) return cached[2];
    const merged = { ...p };
    for (const key of FIELDS) if (patch?.[key] !== undefined) Object.assign(merged, { [key]: patch[key] });
    // The server holds the stock checkouts draw from: when it says none are left, no patch says otherwise.
    if (p.stock === 0) merged.stock = 0;
    if (patch?.price && !samePrice(patch.price, p.price)) this.#warnPrice(p, patch.price);
    this.#merged.set(p.id, [p, patch, patch ? merged : p]);
    return patch ? merged : p;
  }

  label(id: string): string {
    return this.#patches.get(id)?.label ?? '';
  }

  /** Checkout charges the server's price: a card showing another one is a mistake to catch in development. */
  #warnPrice(p: Product, shown: Price): void {
    if (this.#priceWarned || !this.#devWarnings()) return;
    this.#priceWarned = true;
    console.warn(
      `live-shop: hydrateProduct shows "${p.title}" at ${formatPrice(shown)}, but checkout will charge ${formatPrice(p.price)} ` +
        "(the live-shop server's price for it). Update the product on the server, or return no price. Other products are not checked again.",
    );
  }

  #ask(p: Product, hook: HydrateProduct): void {
    this.#asked.add(p.id);
    const generation = this.#generation;
    new Promise<ProductPatch | null>((resolve) => resolve(hook(p))).then(
      (patch) => {
        if (generation !== this.#generation) return; // a rehydrate() asked again meanwhile
        if (patch) this.#patches.set(p.id, patch);
        else this.#patches.delete(p.id);
        this.#onChange();
      },
      (error: unknown) => {
        if (this.#warned) return;
        this.#warned = true;
        console.warn("live-shop: hydrateProduct failed; showing the server's product", error);
      },
    );
  }
}

const samePrice = (a: Price, b: Price) =>
  a.amount === b.amount && a.currency.toUpperCase() === b.currency.toUpperCase();
