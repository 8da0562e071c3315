/** Focuses an element when it appears: a module-level ref callback, so a re-render does not move focus again. */
export function focusOnMount(element: HTMLElement | null) {
  element?.focus();
}
