/**
 * Opt-in Mux playback: `import '@live-shop/elements/mux'` lets `<live-shop-player>` (and so the
 * viewer) play shows whose video is on Mux. Mux Player (`@mux/mux-player`, an optional peer
 * dependency: `npm install @mux/mux-player`) stays its own lazy chunk, loaded when a Mux show plays.
 * The server's /sdk bundle includes this entry.
 */
import { registerPlayerEngine, type EngineLoader } from './player/player-engine.js';

/** Loads the Mux engine (and Mux Player): what this entry registers for `{kind: 'mux'}` playback. */
export const loadMuxEngine: EngineLoader<'mux'> = () =>
  import('./player/player-engine-mux.js').then((m) => m.createEngine);

registerPlayerEngine('mux', loadMuxEngine);
