import type { Page } from "@playwright/test";
import { axeViolations } from "./axe";
import { expect, newIdentity, signUp, test } from "./fixtures";
import { STAFF } from "./staff";

const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });
// Named by what it shows, then what it is: "AL, account menu for ada_lovelace".
const menuButton = (page: Page, username: string) =>
  nav(page).getByRole("button", { name: new RegExp(`^[A-Z]{1,2}, account menu for ${username}$`) });

async function signInAsStaff(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel("Username or phone").fill(STAFF.username);
  await page.getByLabel("Password", { exact: true }).fill(STAFF.password);
  await page.getByRole("main").getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
}

test.describe("header account menu", () => {
  test("signed out: Sign in and Create account, no menu", async ({ page }) => {
    for (const path of ["/", "/sign-in"]) {
      await page.goto(path);
      await expect(nav(page).getByRole("link", { name: "Sign in", exact: true })).toHaveAttribute("href", "/sign-in");
      await expect(nav(page).getByRole("link", { name: "Create account" })).toHaveAttribute("href", "/sign-up");
      await expect(nav(page).getByRole("button")).toHaveCount(0);
    }
    // The sign-in page still works under it.
    await expect(page.getByRole("main").getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
  });

  test("signed in: the initials open Account, Security and Sign out, by mouse and keyboard", async ({ page }) => {
    const who = newIdentity();
    await signUp(page, who);
    await expect(nav(page).getByRole("link", { name: "Sign in" })).toHaveCount(0);
    const button = menuButton(page, who.username);
    await expect(button).toHaveText("U"); // user_1234567: one word starts with a letter
    await expect(button).toHaveAccessibleName(`U, account menu for ${who.username}`);
    await expect(button).toHaveAttribute("aria-expanded", "false");

    await button.click();
    await expect(button).toHaveAttribute("aria-expanded", "true");
    const panel = page.locator(`#${await button.getAttribute("aria-controls")}`);
    await expect(panel).toContainText(`Signed in as ${who.username}`);
    await expect(panel.getByRole("link", { name: "Account" })).toHaveAttribute("href", "/account");
    await expect(panel.getByRole("link", { name: "Security" })).toHaveAttribute("href", "/account/security");
    await expect(panel.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expect(panel.getByRole("link", { name: "Staff console" })).toHaveCount(0);

    // Escape closes it and gives focus back to the button.
    await panel.getByRole("link", { name: "Account" }).focus();
    await page.keyboard.press("Escape");
    await expect(button).toHaveAttribute("aria-expanded", "false");
    await expect(panel).toHaveCount(0);
    await expect(button).toBeFocused();

    // Keyboard: Enter opens, Tab walks into it, Tab past its end closes it.
    await page.keyboard.press("Enter");
    await expect(button).toHaveAttribute("aria-expanded", "true");
    await page.keyboard.press("Tab");
    await expect(nav(page).getByRole("link", { name: "Account", exact: true })).toBeFocused();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(nav(page).getByRole("button", { name: "Sign out" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(button).toHaveAttribute("aria-expanded", "false");

    // A click outside closes it; a link followed closes it.
    await button.click();
    await page.getByRole("heading", { level: 1 }).click();
    await expect(button).toHaveAttribute("aria-expanded", "false");
    await button.click();
    await nav(page).getByRole("link", { name: "Account", exact: true }).click();
    await expect(button).toHaveAttribute("aria-expanded", "false");
    await expect(page).toHaveURL(/\/account$/);
  });

  test("staff also get the Staff console", async ({ page }) => {
    await signInAsStaff(page);
    await expect(menuButton(page, STAFF.username)).toHaveText("ES"); // e2e_staff
    await menuButton(page, STAFF.username).click();
    await expect(nav(page).getByRole("link", { name: "Staff console" })).toHaveAttribute("href", "/admin/users");
    await nav(page).getByRole("link", { name: "Staff console" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  });

  test("Sign out in the menu lands on /sign-in, signed out", async ({ page }) => {
    const who = newIdentity();
    await signUp(page, who);
    await menuButton(page, who.username).click();
    await nav(page).getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in\?notice=signed-out$/);
    await expect(page.getByRole("status").filter({ hasText: "You are signed out." })).toBeVisible();
    await expect(nav(page).getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
    await expect(menuButton(page, who.username)).toHaveCount(0);
    await page.goto("/account");
    await expect(page).toHaveURL(/\/sign-in\?next=/);
  });

  for (const colorScheme of ["light", "dark"] as const) {
    test(`axe finds nothing with the menu open (${colorScheme}, wide and narrow)`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await signInAsStaff(page);
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 800 });
        const button = menuButton(page, STAFF.username);
        if ((await button.getAttribute("aria-expanded")) === "false") await button.click();
        await expect(nav(page).getByRole("button", { name: "Sign out" })).toBeVisible();
        expect(await axeViolations(page)).toEqual([]);
        // The whole panel is on screen, even on a phone.
        const box = await page.locator(`#${await button.getAttribute("aria-controls")}`).boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= width).toBe(true);
      }
    });
  }
});
