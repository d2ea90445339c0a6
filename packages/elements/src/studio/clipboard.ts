/** Copies text for the presenter; resolves with what to tell them ("Server URL copied", or how to copy by hand). */
export async function copyText(what: string, text: string): Promise<string> {
  try {
    await navigator.clipboard.writeText(text);
    return `${what} copied`;
  } catch {
    return `Could not copy the ${what.toLowerCase()}: select it and copy it by hand`;
  }
}
