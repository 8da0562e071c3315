import { expect, newIdentity, signUp, test } from "./fixtures";

test.describe("accounts", () => {
  test("sign up → account → sign out → sign in by phone in another written form", async ({ page }) => {
    const who = newIdentity();
    await signUp(page, who);
    const main = page.getByRole("main");
    await expect(main.getByText(who.username, { exact: true })).toBeVisible();
    // Shown to its owner as written in the default region (US here), stored as E.164.
    await expect(main.getByText(who.phoneDisplay, { exact: true })).toBeVisible();
    await expect(main.getByText(who.email, { exact: true })).toBeVisible();

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);

    await page
      .getByLabel("Username or phone")
      .fill(who.phoneE164.replace("+1", "1-").replace(/(\d{3})(\d{3})(\d{4})$/, "$1-$2-$3"));
    await page.getByLabel("Password", { exact: true }).fill(who.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(main.getByText(who.username, { exact: true })).toBeVisible();
  });

  test("a taken username is reported beside its field and what was typed is kept", async ({ page }) => {
    const first = newIdentity();
    await signUp(page, first);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);

    const second = newIdentity();
    await page.goto("/sign-up");
    await page.getByLabel("Username").fill(first.username.toUpperCase());
    await page.getByLabel("Phone number").fill(second.phoneDisplay);
    await page.getByLabel("Password", { exact: true }).fill(second.password);
    await page.getByRole("button", { name: "Create account" }).click();

    const username = page.getByLabel("Username");
    await expect(username).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("This username is taken.")).toBeVisible();
    await expect(username).toHaveValue(first.username.toUpperCase());
    await expect(page.getByLabel("Phone number")).toHaveValue(second.phoneDisplay);
    await expect(page).toHaveURL(/\/sign-up$/);
  });

  test("sign-up shows every field's problem after one submit, and focuses the first", async ({ page }) => {
    const who = newIdentity();
    await page.goto("/sign-up");
    await page.getByLabel("Username").fill("ab"); // too short: the browser knows this rule
    await page.getByLabel("Phone number").fill("(201) 555-01"); // not a number: only the server knows
    await page.getByLabel("Email (optional)").fill(who.email);
    await page.getByLabel("Password", { exact: true }).fill("sunshine1"); // common: only the server knows
    await page.getByRole("button", { name: "Create account" }).click();

    await expect(page.getByText("Use at least 3 characters.")).toBeVisible();
    await expect(page.getByText("That is not a valid phone number.")).toBeVisible();
    await expect(page.getByText("This password is too common. Choose another.")).toBeVisible();
    await expect(page.getByLabel("Username")).toBeFocused();
    await expect(page).toHaveURL(/\/sign-up$/);
  });

  test("five wrong passwords lock the account out from this client", async ({ page }) => {
    const who = newIdentity();
    await signUp(page, who);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByRole("status").filter({ hasText: "You are signed out." })).toBeVisible();

    const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Sign in", exact: true }) });
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.getByLabel("Username or phone").fill(who.username);
      await page.getByLabel("Password", { exact: true }).fill(`wrong-password-${attempt}`);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(form.getByRole("alert")).toHaveText(/not right/);
    }
    await page.getByLabel("Password", { exact: true }).fill(who.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(form.getByRole("alert")).toHaveText(
      /Too many attempts\. Try again in 5 minutes, or reset your password to sign in now\./,
    );
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("a signed-out visit to /account goes to sign-in", async ({ page }) => {
    await page.goto("/account");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount$/);
    await expect(page.getByRole("heading", { name: "Sign in", level: 1 })).toBeVisible();
  });
});
