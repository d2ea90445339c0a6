import type { Bundle } from './i18n.js';
import { en } from './en.js';

/** The shopper side's strings (the viewer's, and those its parts share): English inline, each other locale a chunk. */
export const viewerBundle: Bundle = {
  name: 'viewer',
  en,
  load: (locale) =>
    ({
      de: () => import('./locales/de.js'),
      fr: () => import('./locales/fr.js'),
      es: () => import('./locales/es.js'),
      'pt-BR': () => import('./locales/pt-BR.js'),
      ja: () => import('./locales/ja.js'),
      ar: () => import('./locales/ar.js'),
    })[locale](),
};
