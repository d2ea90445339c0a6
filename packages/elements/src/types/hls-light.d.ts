// hls.js ships no typings for its light build (same API, fewer features: no subtitles, alt audio, DRM).
declare module 'hls.js/light' {
  import Hls from 'hls.js';
  export default Hls;
  export * from 'hls.js';
}
