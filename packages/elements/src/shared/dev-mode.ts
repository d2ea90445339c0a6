/** Named so that a minifier renames it: how the elements tell a development build (Redux's `isCrushed` check). */
function unminified(): void {}

/**
 * Development mode, for console warnings about integration mistakes (Lit warns in its development
 * build the same way): the elements' code is not minified, i.e. it runs from source or the npm
 * package's plain `dist` through your dev server. Production bundles (minified, like the server's
 * `/sdk/live-shop.js`) stay quiet unless an element asks for warnings (`debug`).
 */
export const DEV_MODE = unminified.name === 'unminified';
