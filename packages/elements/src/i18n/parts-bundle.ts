import type { Bundle } from './i18n.js';
import { enParts } from './en.parts.js';
import { viewerBundle } from './viewer-bundle.js';

/** The viewer's parts' strings (chat, card, player): English with the parts' chunk, each other locale a chunk. */
export const partsBundle: Bundle = {
  name: 'parts',
  en: enParts,
  load: (locale) =>
    ({
      de: () => import('./locales/de.parts.js'),
      fr: () => import('./locales/fr.parts.js'),
      es: () => import('./locales/es.parts.js'),
      'pt-BR': () => import('./locales/pt-BR.parts.js'),
      ja: () => import('./locales/ja.parts.js'),
      ar: () => import('./locales/ar.parts.js'),
    })[locale](),
};

/** What a part's `I18n` reads: the shopper side's strings, then its own. */
export const partsBundles: readonly Bundle[] = [viewerBundle, partsBundle];
