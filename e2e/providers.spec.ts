import type { Page } from "@playwright/test";
import { expect, newIdentity, signUp, test } from "./fixtures";
import { checkLook } from "./look";
import { appCode, enrol } from "./totp";

/**
 * Sign-in with an OpenID Connect provider: the e2e server runs a real one on loopback
 * (e2e/oidc-provider.mjs), configured as "Test ID". The identity is the e-mail typed at the
 * provider; one whose local part starts with "unverified" comes with email_verified false.
 */

type Identity = ReturnType<typeof newIdentity>;

/** At the provider: sign in as `email`, and come back through the app's callback. */
async function atProvider(page: Page, email: string) {
  await expect(page.getByRole("heading", { name: "Test identity provider" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
}

async function continueWithTestId(page: Page, email: string, from = "/sign-in") {
  await page.goto(from);
  await page.getByRole("button", { name: "Continue with Test ID" }).click();
  await atProvider(page, email);
}

async function completeSignUp(page: Page, who: Identity) {
  await expect(page).toHaveURL(/\/sign-up\/complete$/);
  await page.getByLabel("Username").fill(who.username);
  await page.getByLabel("Phone number").fill(who.phoneDisplay);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/account$/);
}

async function signOut(page: Page) {
  await page.goto("/account");
  await page.getByRole("main").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in\?notice=signed-out$/);
}

const providersCard = (page: Page) => page.getByRole("region", { name: "Sign-in providers", exact: true });

test.describe("sign-in with an identity provider", () => {
  test("first sign-in picks a username and phone; the next goes straight in", async ({ page }, testInfo) => {
    test.setTimeout(90_000);
    const who = newIdentity();
    await page.goto("/sign-up");
    await expect(page.getByRole("button", { name: "Continue with Test ID" })).toBeVisible();

    await continueWithTestId(page, who.email);
    await expect(page).toHaveURL(/\/sign-up\/complete$/);
    await expect(page.getByText("You signed in with Test ID.")).toBeVisible();
    // The provider's e-mail is offered, and there is no password to choose.
    await expect(page.getByLabel("Email (optional)")).toHaveValue(who.email);
    await expect(page.getByLabel("Password", { exact: true })).toHaveCount(0);
    await checkLook(page, testInfo, "sign-up-complete");

    // Same rules and messages as sign-up.
    await page.getByLabel("Username").fill("x");
    await page.getByLabel("Phone number").fill("12");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByLabel("Username")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Phone number")).toHaveAttribute("aria-invalid", "true");

    await completeSignUp(page, who);
    await expect(page.getByRole("main").getByText(who.username).first()).toBeVisible();
    // The provider said it verified the address, and it was kept as given.
    await expect(page.getByRole("main").getByText("Verified", { exact: true })).toBeVisible();

    // The only way to sign in cannot be disconnected.
    await page.goto("/account/security");
    await providersCard(page).getByRole("button", { name: "Disconnect Test ID" }).click();
    await expect(providersCard(page).getByRole("alert")).toContainText("only way to sign in");
    await expect(providersCard(page).getByText(/^Connected on /)).toBeVisible();

    await signOut(page);
    await continueWithTestId(page, who.email);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("main").getByText(who.username).first()).toBeVisible();
    await page.goto("/account/security");
    await expect(
      page.getByRole("region", { name: "Recent activity" }).getByText("Signed in with single sign-on").first(),
    ).toBeVisible();
  });

  test("an account made with a provider and no e-mail sets its first password, then signs in with it", async ({
    page,
  }, testInfo) => {
    const who = newIdentity();
    await continueWithTestId(page, who.email);
    await expect(page).toHaveURL(/\/sign-up\/complete$/);
    await page.getByLabel("Email (optional)").fill("");
    await completeSignUp(page, who);

    const card = page.getByRole("region", { name: "Password", exact: true });
    await expect(card).toContainText("Your account has no password yet");
    await expect(card.getByLabel("Current password")).toHaveCount(0);
    await checkLook(page, testInfo, "account-set-password");
    await card.getByLabel("New password").fill("password1");
    await card.getByRole("button", { name: "Set password" }).click();
    await expect(card.getByLabel("New password")).toHaveAttribute("aria-invalid", "true");
    await card.getByLabel("New password").fill(who.password);
    await card.getByRole("button", { name: "Set password" }).click();
    await expect(page.getByRole("main").getByText("Your password is set")).toBeVisible();
    await expect(card.getByLabel("Current password")).toBeVisible();

    await signOut(page);
    await page.getByLabel("Username or phone").fill(who.phoneDisplay);
    await page.getByLabel("Password", { exact: true }).fill(who.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/account$/);
    await page.goto("/account/security");
    await expect(page.getByRole("region", { name: "Recent activity" }).getByText("Password set")).toBeVisible();
  });

  test("an e-mail the provider did not verify stays unverified", async ({ page }) => {
    const who = newIdentity();
    await continueWithTestId(page, `unverified.${who.email}`);
    await expect(page.getByLabel("Email (optional)")).toHaveValue(`unverified.${who.email}`);
    await completeSignUp(page, who);
    await expect(page.getByRole("main").getByText("Unverified", { exact: true })).toBeVisible();
  });

  test("an identity with an existing account's e-mail is not signed into it", async ({ page }) => {
    const who = newIdentity();
    await signUp(page, who);
    await signOut(page);

    await continueWithTestId(page, who.email);
    await expect(page).toHaveURL(/\/sign-in\?error=email-in-use/);
    await expect(page.getByRole("main").getByRole("alert")).toContainText(
      "If it is yours, sign in to it, then connect Test ID from Account security.",
    );
    await page.goto("/account");
    await expect(page).toHaveURL(/\/sign-in\?next=/);
  });

  test("connect from /account/security, then sign in with it and the second factor", async ({ page }, testInfo) => {
    test.setTimeout(90_000);
    const who = newIdentity();
    await signUp(page, who);
    const { secret } = await enrol(page, who);

    await page.goto("/account/security");
    await providersCard(page).getByRole("button", { name: "Connect Test ID" }).click();
    await atProvider(page, `elsewhere.${who.email}`);
    await expect(page).toHaveURL(/\/account\/security\?connected=oidc$/);
    await expect(providersCard(page).getByRole("status")).toContainText("Test ID connected.");
    await expect(providersCard(page).getByRole("button", { name: "Disconnect Test ID" })).toBeVisible();
    await checkLook(page, testInfo, "security-providers");

    await signOut(page);
    await continueWithTestId(page, `elsewhere.${who.email}`);
    // The provider stands in for the password, not for the second factor.
    await expect(page).toHaveURL(/\/sign-in\/verify$/);
    // The code of the next 30-second step: the one that turned the app on is used up.
    await page.getByLabel("Authentication code").fill(appCode(secret, Date.now() + 30_000));
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("main").getByText(who.username).first()).toBeVisible();

    // With a password as well, the provider can go.
    await page.goto("/account/security");
    await providersCard(page).getByRole("button", { name: "Disconnect Test ID" }).click();
    await expect(providersCard(page).getByRole("status")).toContainText("Test ID disconnected.");
    await expect(providersCard(page).getByRole("button", { name: "Connect Test ID" })).toBeVisible();
  });

  test("a tampered state and a replayed callback are refused", async ({ page }) => {
    const who = newIdentity();
    // The provider is asked with another state than the one this browser keeps, so its answer
    // comes back with that one.
    const authorize = (url: URL) => url.pathname === "/auth" && url.searchParams.has("state");
    await page.route(authorize, async (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set("state", `${url.searchParams.get("state")}x`);
      await route.continue({ url: url.toString() });
    });
    await continueWithTestId(page, who.email);
    await expect(page).toHaveURL(/\/sign-in\?error=/);
    await expect(page.getByRole("main").getByRole("alert")).toContainText("did not complete");
    await page.unrouteAll();

    // A callback that worked once does not work again.
    let callback = "";
    page.on("request", (request) => {
      if (request.url().includes("/api/auth/callback/oidc?")) callback = request.url();
    });
    await continueWithTestId(page, who.email);
    await completeSignUp(page, who);
    await signOut(page);
    expect(callback).toContain("code=");
    await page.goto(callback);
    await expect(page).toHaveURL(/\/sign-in\?error=/);
    await page.goto("/account");
    await expect(page).toHaveURL(/\/sign-in\?next=/);
  });
});
