import type { CreateProductBody } from '@live-shop/protocol';
import type { ShowService } from './show/service.js';
import type { MetaStore, ShowStore } from './store/store.js';

const DEMO_SHOW_KEY = 'demo_show_id';

const product = (
  title: string,
  amount: number,
  image: string,
  description: string,
  stock?: number,
): CreateProductBody => ({
  title,
  description,
  imageUrl: `/demo/${image}`,
  price: { amount, currency: 'USD' },
  stock,
});

const DEMO_PRODUCTS: CreateProductBody[] = [
  product(
    'Gooseneck pour-over kettle',
    6400,
    'kettle.svg',
    'A 0.9 L stovetop kettle with a slow, precise gooseneck spout and a built-in thermometer.',
  ),
  product(
    'Ceramic V-dripper',
    2800,
    'dripper.svg',
    'Hand-glazed porcelain dripper with spiral ribs for an even, clean extraction. Fits most mugs.',
  ),
  product(
    'Ridgeline single-origin beans, 340 g',
    1900,
    'beans.svg',
    'Washed Ethiopian Yirgacheffe, roasted light: jasmine, bergamot and a honey finish.',
    120,
  ),
  product(
    'Stoneware camp mug',
    2200,
    'mug.svg',
    '12 oz speckled stoneware mug, dishwasher safe, glazed by hand in small batches.',
    8,
  ),
];

/** Creates the demo show once and returns its id; later starts reuse the id stored in meta. */
export async function ensureDemoShow(
  store: Pick<MetaStore, 'getMeta' | 'setMeta'> & Pick<ShowStore, 'getShow'>,
  service: ShowService,
): Promise<string> {
  const existing = await store.getMeta(DEMO_SHOW_KEY);
  if (existing && (await store.getShow(existing))) return existing;
  const { show } = await service.createShow({ title: 'Autumn brew bar — live tasting', products: DEMO_PRODUCTS });
  await store.setMeta(DEMO_SHOW_KEY, show.id);
  return show.id;
}
