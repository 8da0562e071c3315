import type { Page } from "@playwright/test";
import { expect, newIdentity, signUp, test } from "./fixtures";
import { mailedCode, RESET_MAIL } from "./mail";

async function askForCode(page: Page, email: string): Promise<string> {
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send code" }).click();
  await expect(page).toHaveURL(/\/reset-password\?/);
  await expect(page.getByLabel("Email")).toHaveValue(email);
  return mailedCode(email, RESET_MAIL);
}

test.describe("password recovery", () => {
  test("forgot password → code from the e-mail → reset → sign in with the new password", async ({ page }) => {
    const who = newIdentity();
    await signUp(page, who);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);

    const code = await askForCode(page, who.email);
    const newPassword = `silver-compass-${Date.now() % 100_000}-reef`;
    await page.getByLabel("Code").fill(code);
    await page.getByLabel("New password").fill(newPassword);
    await page.getByRole("button", { name: "Reset password" }).click();
    await expect(page).toHaveURL(/\/sign-in\?notice=reset$/);
    await expect(page.getByText("Your password has been reset. Sign in with your new password.")).toBeVisible();

    await page.getByLabel("Username or phone").fill(who.username);
    await page.getByLabel("Password", { exact: true }).fill(newPassword);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/account$/);
  });

  test("a wrong code is reported beside the Code field, and what was typed is kept", async ({ page }) => {
    const who = newIdentity();
    await signUp(page, who);
    await page.getByRole("button", { name: "Sign out" }).click();

    const code = await askForCode(page, who.email);
    const wrong = code === "000000" ? "000001" : "000000";
    await page.getByLabel("Code").fill(wrong);
    await page.getByLabel("New password").fill("silver-compass-reef");
    await page.getByRole("button", { name: "Reset password" }).click();

    const field = page.getByLabel("Code");
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("This code is wrong or no longer valid.")).toBeVisible();
    await expect(field).toHaveValue(wrong);
    await expect(page.getByLabel("New password")).toHaveValue("silver-compass-reef");
    await expect(page).toHaveURL(/\/reset-password/);
  });
});
