import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "@playwright/test";

// Evaluated in the page rather than added as a <script>: the app's CSP allows no script from elsewhere.
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export type AxeViolation = { id: string; impact: string | null; help: string; targets: string[] };

export type AxeOptions = {
  /** Rules left out, for markup the app embeds but does not write (say which, and why, where used). */
  disableRules?: string[];
};

/** axe-core's WCAG 2.x A/AA and best-practice violations on the page as it is now, one line each. */
export async function axeViolations(page: Page, options: AxeOptions = {}): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async (disableRules) => {
    const axe = (window as unknown as { axe: typeof import("axe-core") }).axe;
    const { violations } = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      rules: Object.fromEntries(disableRules.map((rule) => [rule, { enabled: false }])),
    });
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((node) => node.target.join(" ")),
    }));
  }, options.disableRules ?? []);
}
