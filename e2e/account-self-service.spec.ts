import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { axeViolations } from "./axe";
import { expect, newIdentity, signUp, test } from "./fixtures";
import { mailedCode, VERIFICATION_MAIL } from "./mail";

/** /account and /account/security: verified e-mail, self-service changes, sessions, activity. */

type Identity = ReturnType<typeof newIdentity>;

const verificationCode = (address: string) => mailedCode(address, VERIFICATION_MAIL);

async function signIn(page: Page, who: Identity, password = who.password) {
  await page.goto("/sign-in");
  await page.getByLabel("Username or phone").fill(who.username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("main").getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Another browser (its own cookies and client IP), signed in as `who`. */
async function otherBrowser(browser: Browser, who: Identity): Promise<{ context: BrowserContext; page: Page }> {
  const octet = () => Math.floor(Math.random() * 254) + 1;
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": `10.${octet()}.${octet()}.1` } });
  const page = await context.newPage();
  await signIn(page, who);
  await expect(page).toHaveURL(/\/account$/);
  return { context, page };
}

const region = (page: Page, name: string) => page.getByRole("region", { name, exact: true });

test.describe("account self-service", () => {
  test("a sign-up's e-mail shows Unverified until the mailed code is entered", async ({ page }) => {
    const who = newIdentity();
    await signUp(page, who);
    const profile = region(page, "Profile");
    await expect(profile.getByText(who.email, { exact: true })).toBeVisible();
    await expect(profile.getByText("Unverified", { exact: true })).toBeVisible();

    const code = await verificationCode(who.email);
    const field = page.getByLabel("Verification code");
    const wrong = code === "000000" ? "000001" : "000000";
    await field.fill(wrong);
    await page.getByRole("button", { name: "Verify", exact: true }).click();
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("This code is wrong or no longer valid.")).toBeVisible();
    await expect(field).toHaveValue(wrong);

    await field.fill(code);
    await page.getByRole("button", { name: "Verify", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: `${who.email} is verified.` })).toBeVisible();
    await expect(profile.getByText("Verified", { exact: true })).toBeVisible();
    await expect(profile.getByText("Unverified", { exact: true })).toHaveCount(0);
    await expect(page.getByLabel("Verification code")).toHaveCount(0);
  });

  test("change e-mail: the code goes to the new address, which then shows, verified", async ({ page }) => {
    const who = newIdentity();
    await signUp(page, who);
    const newEmail = `new.${who.email}`;
    const change = region(page, "Change e-mail");
    await change.getByLabel("New email").fill(newEmail);
    await change.getByLabel("Password", { exact: true }).fill("not-my-password");
    await change.getByRole("button", { name: "Change e-mail" }).click();
    // A wrong password is shown beside its field, and what was typed is kept.
    await expect(change.getByLabel("Password", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(change.getByText("The password is not right.")).toBeVisible();
    await expect(change.getByLabel("New email")).toHaveValue(newEmail);

    await change.getByLabel("Password", { exact: true }).fill(who.password);
    await change.getByRole("button", { name: "Change e-mail" }).click();
    await expect(change.getByRole("status")).toContainText("on its way to the new address");
    const field = page.getByLabel("Verification code");
    await expect(field).toBeFocused();
    await expect(page.getByText(`Enter the code sent to ${newEmail}.`)).toBeVisible();
    // Not changed until the code is entered.
    const profile = region(page, "Profile");
    await expect(profile.getByText(who.email, { exact: true })).toBeVisible();
    // A reload still shows what the change waits for.
    await page.reload();
    await expect(page.getByText(`Enter the code sent to ${newEmail}.`)).toBeVisible();

    await field.fill(await verificationCode(newEmail));
    await page.getByRole("button", { name: "Verify", exact: true }).click();
    await expect(profile.getByText(newEmail, { exact: true })).toBeVisible();
    await expect(profile.getByText("Verified", { exact: true })).toBeVisible();
    await expect(profile.getByText(who.email, { exact: true })).toHaveCount(0);
  });

  test("change phone: the new number shows; a taken one is refused beside its field", async ({ page }) => {
    const other = newIdentity();
    await signUp(page, other);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    const who = newIdentity();
    await signUp(page, who);

    const change = region(page, "Change phone");
    const phone = change.getByLabel("New phone number");
    await phone.fill(other.phoneDisplay);
    await change.getByLabel("Password", { exact: true }).fill(who.password);
    await change.getByRole("button", { name: "Change phone" }).click();
    await expect(phone).toHaveAttribute("aria-invalid", "true");

    const next = newIdentity();
    await phone.fill(next.phoneE164);
    await change.getByLabel("Password", { exact: true }).fill(who.password);
    await change.getByRole("button", { name: "Change phone" }).click();
    await expect(change.getByRole("status")).toHaveText("Your phone number is changed.");
    await expect(region(page, "Profile").getByText(next.phoneDisplay, { exact: true })).toBeVisible();
    await expect(change.getByLabel("Password", { exact: true })).toHaveValue("");
  });

  test("ending sessions from /account/security signs those browsers out", async ({ page, browser }) => {
    const who = newIdentity();
    await signUp(page, who);
    const b = await otherBrowser(browser, who);
    const c = await otherBrowser(browser, who);
    const d = await otherBrowser(browser, who);

    await page.goto("/account");
    await page.getByRole("link", { name: "Security" }).click();
    await expect(page).toHaveURL(/\/account\/security$/);
    const sessions = region(page, "Sessions");
    const items = sessions.getByRole("listitem");
    await expect(items).toHaveCount(4);
    await expect(items.first()).toContainText("This device");
    await expect(items.first().getByRole("button")).toHaveCount(0);
    await expect(sessions.getByRole("button", { name: "End session" })).toHaveCount(3);
    await expect(items.first().locator("time").first()).toHaveText("just now");

    await sessions.getByRole("button", { name: "End session" }).first().click();
    await expect(sessions.getByRole("status")).toHaveText("Session ended. That device is signed out.");
    await expect(sessions.locator(":focus")).toContainText("Session ended.");
    await expect(items).toHaveCount(3);
    // The newest other session was listed first: d's.
    await d.page.goto("/account");
    await expect(d.page).toHaveURL(/\/sign-in/);
    await b.page.goto("/account");
    await expect(b.page).toHaveURL(/\/account$/);

    await sessions.getByRole("button", { name: "Sign out of all other sessions" }).click();
    await expect(sessions.getByRole("status")).toHaveText("Signed out of 2 other sessions.");
    await expect(items).toHaveCount(1);
    await expect(sessions.getByRole("button", { name: "Sign out of all other sessions" })).toHaveCount(0);
    for (const other of [b, c]) {
      await other.page.goto("/account");
      await expect(other.page).toHaveURL(/\/sign-in/);
    }
    await expect(region(page, "Recent activity").getByText("Session ended").first()).toBeVisible();
    await page.goto("/account");
    await expect(page).toHaveURL(/\/account$/);
    for (const other of [b, c, d]) await other.context.close();
  });

  test("change password: this browser stays signed in, the others are signed out", async ({ page, browser }) => {
    const who = newIdentity();
    await signUp(page, who);
    const other = await otherBrowser(browser, who);
    await page.goto("/account");

    const form = region(page, "Password");
    const newPassword = `silver-compass-${Date.now() % 100_000}-reef`;
    await form.getByLabel("Current password").fill("not-my-password");
    await form.getByLabel("New password").fill(newPassword);
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(form.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByText("The password is not right.")).toBeVisible();

    await form.getByLabel("Current password").fill(who.password);
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(page).toHaveURL(/\/account\?notice=password-changed$/);
    await expect(page.getByRole("status").filter({ hasText: "Every other session was signed out" })).toBeVisible();

    await page.goto("/account/security");
    await expect(region(page, "Sessions").getByRole("listitem")).toHaveCount(1);
    await expect(region(page, "Recent activity").getByText("Password changed")).toBeVisible();
    await other.page.goto("/account");
    await expect(other.page).toHaveURL(/\/sign-in/);
    await other.context.close();

    await page.getByRole("main").getByRole("link", { name: "Back to your account" }).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await signIn(page, who, newPassword);
    await expect(page).toHaveURL(/\/account$/);
  });

  test("download my data: a JSON attachment of the account, never a hash", async ({ page }) => {
    const who = newIdentity();
    await signUp(page, who);
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download my data" }).click();
    const file = await (await download).path();
    const text = await readFile(file, "utf8");
    const data = JSON.parse(text) as { user: { username: string }; sessions: unknown[]; events: unknown[] };
    expect(data.user.username).toBe(who.username);
    expect(data.sessions).toHaveLength(1);
    expect(text).not.toMatch(/passwordHash|tokenVersion|codeHash|\$argon2/);

    const response = await page.request.get("/account/export");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-disposition"]).toBe(`attachment; filename="account-${who.username}.json"`);
    expect(response.headers()["cache-control"]).toBe("no-store");
    const signedOut = await page.context().browser()!.newContext();
    const anonymous = await signedOut.request.get("/account/export", { maxRedirects: 0 });
    expect([303, 307]).toContain(anonymous.status());
    expect(anonymous.headers().location).toContain("/sign-in");
    await signedOut.close();
  });

  test("delete account: confirm with the password → sign-in with a notice; signing in fails", async ({ page }) => {
    const who = newIdentity();
    await signUp(page, who);
    const opener = page.getByRole("button", { name: "Delete account" });
    await opener.click();
    const confirm = page.getByRole("form", { name: "Confirm account deletion" });
    await expect(confirm.getByLabel("Password", { exact: true })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(confirm).toHaveCount(0);
    await expect(opener).toBeFocused();

    await opener.click();
    await confirm.getByLabel("Password", { exact: true }).fill("not-my-password");
    await confirm.getByRole("button", { name: "Delete my account" }).click();
    await expect(confirm.getByText("The password is not right.")).toBeVisible();
    await confirm.getByLabel("Password", { exact: true }).fill(who.password);
    await confirm.getByRole("button", { name: "Delete my account" }).click();
    await expect(page).toHaveURL(/\/sign-in\?notice=account-deleted$/);
    await expect(page.getByRole("status").filter({ hasText: "Your account is deleted" })).toBeVisible();

    await page.getByLabel("Username or phone").fill(who.username);
    await page.getByLabel("Password", { exact: true }).fill(who.password);
    await page.getByRole("main").getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(/not right/);
    await expect(page).toHaveURL(/\/sign-in/);
  });

  for (const colorScheme of ["light", "dark"] as const) {
    test(`axe finds nothing on /account and /account/security (${colorScheme}, wide and narrow)`, async ({
      page,
      browser,
    }, testInfo) => {
      await page.emulateMedia({ colorScheme });
      const problems: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(message.text());
      });
      page.on("pageerror", (error) => problems.push(error.message));
      const who = newIdentity();
      await signUp(page, who);
      const other = await otherBrowser(browser, who);
      for (const path of ["/account", "/account/security"]) {
        await page.goto(path);
        if (path === "/account") await page.getByRole("button", { name: "Delete account" }).click();
        for (const width of [1280, 390]) {
          await page.setViewportSize({ width, height: 900 });
          expect(await axeViolations(page)).toEqual([]);
          // Nothing wider than the screen.
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
          const name = `${path.slice(1).replace("/", "-")}-${colorScheme}-${width}.png`;
          await page.screenshot({ path: testInfo.outputPath(name), fullPage: true });
        }
      }
      // No hydration mismatch (the relative times are rendered on the server only), no script error.
      expect(problems).toEqual([]);
      await other.context.close();
    });
  }
});
