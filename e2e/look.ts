import { expect, type Page, type TestInfo } from "@playwright/test";
import { axeViolations, type AxeOptions } from "./axe";

/**
 * A page checked as people see it: light and dark, wide and narrow, each axe-clean with nothing
 * wider than the screen, and a full-page screenshot of each in the test's output to look at.
 * Leaves the page light and wide.
 */
export async function checkLook(page: Page, testInfo: TestInfo, name: string, axe: AxeOptions = {}): Promise<void> {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    // Buttons fade to the other scheme's colours; axe must see where they end, not halfway.
    await page.waitForFunction(() => document.getAnimations().length === 0);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await axeViolations(page, axe)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: testInfo.outputPath(`${name}-${colorScheme}-${width}.png`), fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
}
