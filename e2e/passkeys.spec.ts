import type { CDPSession, Page } from "@playwright/test";
import { axeViolations } from "./axe";
import { expect, newIdentity, signUp, test } from "./fixtures";
import { checkLook } from "./look";

/**
 * Passkeys in Chromium with its virtual authenticator (over the DevTools protocol): a platform
 * authenticator that keeps discoverable credentials and verifies the user, as a phone or laptop
 * with a fingerprint reader does.
 */

const nav = (page: Page) => page.getByRole("navigation", { name: "Main" });
const passkeysCard = (page: Page) => page.getByRole("region", { name: "Passkeys" });

async function addVirtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

async function signOut(page: Page) {
  await nav(page)
    .getByRole("button", { name: /account menu for/ })
    .click();
  await nav(page).getByRole("button", { name: "Sign out" }).click();
}

test.describe("passkeys", () => {
  test("add one on /account/security, sign in with it, rename and remove it", async ({ page }, testInfo) => {
    // A whole user journey, with pages checked in two schemes and two widths each.
    test.setTimeout(120_000);
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
    const who = newIdentity();
    await signUp(page, who);

    await page.goto("/account/security");
    const card = passkeysCard(page);
    await expect(card.getByText("You have no passkeys yet.")).toBeVisible();
    await card.getByLabel("Name (optional)").fill("Work laptop");
    await card.getByRole("button", { name: "Add a passkey" }).click();
    await expect(card.getByRole("status").filter({ hasText: "added" })).toHaveText(/^Passkey “Work laptop” added/);
    const list = card.getByRole("list", { name: "Your passkeys" });
    await expect(list.getByRole("listitem")).toHaveCount(1);
    await expect(list.getByRole("listitem").first()).toContainText("Last used");
    await expect(list.getByRole("listitem").first()).toContainText("Never");
    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0].isResidentCredential).toBe(true);
    await checkLook(page, testInfo, "security-passkeys");

    // Rename, inline; Escape would close it too.
    await list.getByRole("button", { name: "Rename" }).click();
    const rename = card.getByRole("form", { name: "Rename Work laptop" });
    await expect(rename.getByLabel("Passkey name")).toBeFocused();
    await rename.getByLabel("Passkey name").fill("");
    await rename.getByRole("button", { name: "Save name" }).click();
    await expect(rename.getByText("Enter a name for the passkey.")).toBeVisible();
    await rename.getByLabel("Passkey name").fill("Desk laptop");
    await rename.getByRole("button", { name: "Save name" }).click();
    await expect(list.getByRole("listitem").first()).toContainText("Desk laptop");
    await expect(card.getByRole("status").filter({ hasText: "Renamed" })).toHaveText("Renamed to “Desk laptop”.");
    await expect(list.getByRole("button", { name: "Rename" })).toBeFocused();

    // Signed out, the sign-in page offers the passkey in the username field's autofill at once; the
    // virtual authenticator picks it as a person would, and the browser is signed in.
    await signOut(page);
    await expect(page).toHaveURL(/\/account$/);

    // A browser without passkey autofill: the button signs in.
    await page.addInitScript(() => {
      PublicKeyCredential.isConditionalMediationAvailable = async () => false;
    });
    await page.reload(); // Sign-out navigates within the app: the script takes effect from a new document.
    await signOut(page);
    await expect(page).toHaveURL(/\/sign-in/);
    await checkLook(page, testInfo, "sign-in");
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByText(who.username).first()).toBeVisible();

    // The passkey was used: its last use is no longer "Never".
    await page.goto("/account/security");
    await expect(list.getByRole("listitem").first()).not.toContainText("Never");

    // Remove it, after a confirmation; it is gone.
    await list.getByRole("button", { name: "Remove" }).click();
    const confirm = card.getByRole("group", { name: "Remove Desk laptop" });
    await expect(confirm).toContainText("It will no longer sign you in.");
    expect(await axeViolations(page)).toEqual([]);
    await confirm.getByRole("button", { name: "Remove passkey" }).click();
    await expect(card.getByRole("status").filter({ hasText: "removed" })).toHaveText(
      "Passkey removed. It no longer signs you in.",
    );
    await expect(card.getByText("You have no passkeys yet.")).toBeVisible();
    await expect(card.getByRole("list", { name: "Your passkeys" })).toHaveCount(0);

    // The authenticator still holds the credential, but the server no longer takes it.
    await signOut(page);
    await expect(page).toHaveURL(/\/sign-in/);
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(/That passkey did not sign you in/);
    await expect(page).toHaveURL(/\/sign-in/);

    // The password still signs in beside the passkey button and its autofill.
    await page.getByLabel("Username or phone").fill(who.username);
    await page.getByLabel("Password", { exact: true }).fill(who.password);
    await page.getByRole("main").getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/account$/);
    expect(problems).toEqual([]);
  });

  test("a cancelled passkey prompt says so and adds nothing", async ({ page }) => {
    const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
    // A user who does not verify: the browser refuses, as when the prompt is dismissed.
    await cdp.send("WebAuthn.setUserVerified", { authenticatorId, isUserVerified: false });
    await signUp(page, newIdentity());
    await page.goto("/account/security");
    const card = passkeysCard(page);
    await card.getByRole("button", { name: "Add a passkey" }).click();
    await expect(card.getByRole("alert")).toHaveText(/No passkey was added|could not/);
    await expect(card.getByText("You have no passkeys yet.")).toBeVisible();
  });
});
