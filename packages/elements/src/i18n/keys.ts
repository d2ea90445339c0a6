import type { en } from './en.js';
import type { enParts } from './en.parts.js';
import type { enStudio } from './en.studio.js';
import type { Message } from './i18n.js';

/** Every message key of the elements: what `strings` overrides may name. */
export type MessageKey = keyof typeof en | keyof typeof enParts | keyof typeof enStudio;

/** A translation of the shopper side: every key English has, none it lacks (checked by tsc and i18n.test.ts). */
export type ViewerCatalog = { readonly [K in keyof typeof en]: Message };

/** A translation of the viewer's parts (chat, card, player), likewise. */
export type PartsCatalog = { readonly [K in keyof typeof enParts]: Message };

/** A translation of the staff side, likewise. */
export type StudioCatalog = { readonly [K in keyof typeof enStudio]: Message };
