/**
 * The message runtime: English catalogs inline (the defaults), the other locales as lazy chunks,
 * one per locale and bundle (`viewer`, `studio`), so a shopper never downloads the studio's strings.
 */

/** A message: text with `{name}` params, or its plural forms (`other` required) chosen by `{count}`. */
export type Message = string | ({ readonly other: string } & Partial<Record<Intl.LDMLPluralRule, string>>);
export type Messages = Readonly<Record<string, Message>>;

export const LOCALES = ['en', 'de', 'fr', 'es', 'pt-BR', 'ja', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

/** Locales written right to left. */
const RTL: readonly string[] = ['ar'];
export const isRtl = (locale: string): boolean => RTL.includes(locale);

/** A set of messages: English inline, the other locales imported on demand (one chunk each). */
export interface Bundle {
  readonly name: string;
  readonly en: Messages;
  readonly load: (locale: Exclude<Locale, 'en'>) => Promise<{ default: Messages }>;
}

/** `bundle + locale` → its messages; `{}` while they load (English shows meanwhile). */
const loaded = new Map<string, Messages>();

/** Starts loading `locale`'s catalogs of `bundles` not asked for yet; `done` runs when each arrives. */
export function load(bundles: readonly Bundle[], locale: Locale, done: () => void): void {
  if (locale === 'en') return;
  for (const b of bundles) {
    const key = b.name + locale;
    if (loaded.has(key)) continue;
    loaded.set(key, {});
    b.load(locale).then(
      (m) => (loaded.set(key, m.default), done()),
      (error: unknown) => (loaded.delete(key), console.warn(`live-shop: the ${locale} catalog did not load`, error)),
    );
  }
}

/**
 * The supported locale for the first tag that has one: exact (`pt-BR`), then its language
 * (`pt` → pt-BR, `de-AT` → de); undefined when none does.
 */
export function negotiate(tags: readonly string[]): Locale | undefined {
  for (const tag of tags) {
    const t = tag.toLowerCase();
    const found =
      LOCALES.find((l) => l.toLowerCase() === t) ?? LOCALES.find((l) => l.split('-')[0] === t.split(/[-_]/)[0]);
    if (found) return found;
  }
  return undefined;
}

const formatters = new Map<string, Intl.NumberFormat | Intl.PluralRules>();

/** One cached plural rules or number format per locale (translating runs on every render). */
function intl<T extends Intl.NumberFormat | Intl.PluralRules>(Kind: new (locale: string) => T, locale: string): T {
  const key = Kind.name + locale;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Kind(locale)));
  return f as T;
}

export type Params = Readonly<Record<string, string | number>>;

/** The text of `key` in `locale`: an override wins, then the locale's catalog, then English; `{x}` filled from `params`. */
export function translate(
  key: string,
  params: Params | undefined,
  locale: Locale,
  bundles: readonly Bundle[],
  overrides?: Readonly<Record<string, Message>> | null,
): string {
  let message: Message | undefined = overrides?.[key];
  for (const b of bundles) message ??= loaded.get(b.name + locale)?.[key];
  for (const b of bundles) message ??= b.en[key];
  if (message === undefined) return key;
  const count = params?.count;
  if (typeof message !== 'string')
    message = (typeof count === 'number' && message[intl(Intl.PluralRules, locale).select(count)]) || message.other;
  return message.replace(/\{(\w+)\}/g, (all, name: string) => {
    const v = params?.[name];
    return v === undefined ? all : typeof v === 'number' ? intl(Intl.NumberFormat, locale).format(v) : v;
  });
}
