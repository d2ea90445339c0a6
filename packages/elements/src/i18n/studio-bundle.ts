import type { Translate } from './controller.js';
import { translate, type Bundle } from './i18n.js';
import { enStudio } from './en.studio.js';

/** The staff side's strings (studio, panels, moderation actions): English here, each other locale a chunk. */
export const studioBundle: Bundle = {
  name: 'studio',
  en: enStudio,
  load: (locale) =>
    ({
      de: () => import('./locales/de.studio.js'),
      fr: () => import('./locales/fr.studio.js'),
      es: () => import('./locales/es.studio.js'),
      'pt-BR': () => import('./locales/pt-BR.studio.js'),
      ja: () => import('./locales/ja.studio.js'),
      ar: () => import('./locales/ar.studio.js'),
    })[locale](),
};

/** Studio English, for code that runs outside the element (and as a default). */
export const englishStudio: Translate = (key, params) => translate(key, params, 'en', [studioBundle]);
