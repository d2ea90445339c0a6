/**
 * `<live-shop-studio>` for React, apart from the storefront components: only the presenter's page
 * loads the studio. Importing this module defines the studio in the browser (nothing in Node).
 */
import React from 'react';
import { createComponent } from '@lit/react';
import { LiveShopStudio as StudioElement } from '@live-shop/elements';
import { loadStudio } from '@live-shop/elements/define.js';
import { eventProps } from './events.js';
import { studioFires } from './fires.js';

if (typeof customElements !== 'undefined') void loadStudio();

export const studioEvents = eventProps(...studioFires);

/** `<live-shop-studio>`: go live, pin products, moderate the chat (needs the show's host token). */
export const LiveShopStudio = createComponent({
  react: React,
  tagName: 'live-shop-studio',
  elementClass: StudioElement,
  events: studioEvents,
  displayName: 'LiveShopStudio',
});
