// The mini-player and full screen: one lazy chunk, loaded on the first press (or when the page resumes a minimized show).
export { MiniPlayer } from './mini-player.js';
export { ViewerFullscreen } from './fullscreen.js';
export { modeStyles } from './modes.styles.js';
