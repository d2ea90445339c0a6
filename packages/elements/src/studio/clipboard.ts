import type { Translate } from '../i18n/controller.js';

/** Copies text for the presenter; resolves with what to tell them ("Server URL copied", or how to copy by hand). */
export async function copyText(what: string, text: string, t: Translate): Promise<string> {
  try {
    await navigator.clipboard.writeText(text);
    return t('copied', { what });
  } catch {
    return t('copyFailed');
  }
}
