/**
 * Swagger UI numbers its headings for a page of its own (its title an h1, then h3s): inside our
 * page, no heading goes more than one level below the one before it. Its code samples scroll
 * sideways on narrow screens, so each is a Tab stop that the arrow keys can scroll. Idempotent:
 * it runs after every change Swagger UI makes.
 */
export function fixSwaggerUiSemantics(root: HTMLElement): void {
  for (const sample of root.querySelectorAll("pre.microlight:not([tabindex])")) sample.setAttribute("tabindex", "0");
  let previous = levelOf(root.ownerDocument.querySelector("main#main h1")) ?? 1;
  for (const heading of root.querySelectorAll<HTMLElement>("h1, h2, h3, h4, h5, h6")) {
    if (heading.offsetParent === null) continue; // hidden: not in the outline
    const natural = Number(heading.tagName.slice(1));
    const level = Math.min(natural, previous + 1);
    if (level !== natural) heading.setAttribute("aria-level", String(level));
    else heading.removeAttribute("aria-level");
    previous = level;
  }
}

function levelOf(heading: Element | null): number | undefined {
  return heading ? Number(heading.tagName.slice(1)) : undefined;
}
