/**
 * Where a viewer's credential (`ViewerSelf.credential`) is kept between visits, so the server gives
 * this browser the same viewer id, and with it its bans. Failures of the storage never break chat.
 */

/** The part of the Web Storage API used here (`localStorage`, or your own). */
export interface CredentialStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Storage key: one credential per live-shop server origin (bans hold across that server's shows). */
export const credentialKey = (server: string): string => `live-shop:viewer:${new URL(server).origin}`;

/** `localStorage` when there is one and it may be touched (sandboxed iframes throw on access). */
export function defaultStorage(): CredentialStorage | null {
  try {
    return (globalThis as { localStorage?: CredentialStorage }).localStorage ?? null;
  } catch {
    return null;
  }
}

export function readCredential(storage: CredentialStorage | null, server: string): string | undefined {
  try {
    return storage?.getItem(credentialKey(server)) || undefined;
  } catch {
    return undefined; // blocked or full: this visit gets a new viewer id
  }
}

export function writeCredential(storage: CredentialStorage | null, server: string, credential: string): void {
  try {
    storage?.setItem(credentialKey(server), credential);
  } catch {
    // Blocked or full: the credential still holds for this page's reconnections.
  }
}
