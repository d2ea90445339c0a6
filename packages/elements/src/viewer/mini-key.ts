/** sessionStorage key of the show in the mini-player: the store's next page resumes it there. */
export const MINI_KEY = 'live-shop:mini';

/** Whether this tab minimized `show` on an earlier page (then the viewer loads the mini-player at once). */
export function minimizedHere(show: string): boolean {
  try {
    return (JSON.parse(sessionStorage.getItem(MINI_KEY) ?? 'null') as { show?: unknown } | null)?.show === show;
  } catch {
    return false;
  }
}
