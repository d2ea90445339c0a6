/**
 * Registers `cls` as `tag` unless the tag is taken (the SDK script and an npm build may share a page,
 * and Node for SSR may have no registry). The registry takes each class once: a class already
 * registered under another tag is registered again as a subclass (as Shoelace does).
 */
export function defineElement(tag: string, cls: CustomElementConstructor): void {
  if (typeof customElements === 'undefined' || customElements.get(tag)) return;
  try {
    customElements.define(tag, cls);
  } catch {
    customElements.define(tag, class extends cls {});
  }
}
