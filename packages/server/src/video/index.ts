import type { LiveShopServerConfig } from '../config.js';
import { LocalVideoProvider } from './local.js';
import { createMuxProvider } from './mux.js';
import type { VideoProvider, VideoProviderDeps } from './provider.js';

export type { MediaSession, OpenMediaOptions, VideoProvider, VideoProviderDeps, VideoSignals } from './provider.js';
export { LocalVideoProvider } from './local.js';
export { MuxProvider } from './mux.js';

/** Picks the video provider from config: `mux` when Mux keys are set, else `local`. */
export function createVideoProvider(config: LiveShopServerConfig, deps: VideoProviderDeps): VideoProvider {
  if (config.mux) return createMuxProvider(deps, config.mux);
  return new LocalVideoProvider(deps, config.localVideo);
}
