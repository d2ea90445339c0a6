/** The replay's timeline code, a lazy chunk of the viewer (loaded once a show has ended). */
export { loadReplayTimeline } from '@live-shop/client';
