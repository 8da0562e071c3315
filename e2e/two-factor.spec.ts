import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expect, newIdentity, signUp, test } from "./fixtures";
import { checkLook } from "./look";
import { appCode, enrol, startSetup, twoFactorCard as card, wrongCode } from "./totp";

/** Two-factor with an authenticator app: set up on /account/security, then the second step of sign-in. */

type Identity = ReturnType<typeof newIdentity>;

const activity = (page: Page) => page.getByRole("region", { name: "Recent activity", exact: true });

async function passwordStep(page: Page, who: Identity) {
  await page.goto("/sign-in");
  await page.getByLabel("Username or phone").fill(who.username);
  await page.getByLabel("Password", { exact: true }).fill(who.password);
  await page.getByRole("main").getByRole("button", { name: "Sign in", exact: true }).click();
}

async function signOut(page: Page) {
  await page.goto("/account");
  await page.getByRole("main").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in\?notice=signed-out$/);
}

test.describe("two-factor sign-in", () => {
  test("set up, sign in with an app code and a recovery code, turn off", async ({ page, context }, testInfo) => {
    // A whole user journey, with five pages checked in two schemes and two widths each.
    test.setTimeout(120_000);
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    const who = newIdentity();
    await signUp(page, who);

    // A wrong password is refused beside its field.
    await page.goto("/account/security");
    await expect(card(page).getByText("Off", { exact: true })).toBeVisible();
    await card(page).getByRole("button", { name: "Set up an authenticator app" }).click();
    await card(page).getByLabel("Password", { exact: true }).fill("not-my-password");
    await card(page).getByRole("button", { name: "Continue" }).click();
    await expect(card(page).getByLabel("Password", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(card(page).getByText("The password is not right.")).toBeVisible();

    // A wrong first code leaves it off, with the error beside the field.
    const firstSecret = await startSetup(page, who);
    await checkLook(page, testInfo, "security-setup");
    const field = card(page).getByLabel("Authentication code");
    await field.fill(wrongCode(firstSecret));
    await card(page).getByRole("button", { name: "Turn on" }).click();
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(card(page).getByText(/^That code is not right/)).toBeVisible();
    await page.reload();
    await expect(card(page).getByText("Off", { exact: true })).toBeVisible();

    // The right code turns it on; the recovery codes can be copied and downloaded.
    const { secret, codes } = await enrol(page, who);
    expect(secret).not.toBe(firstSecret);
    await checkLook(page, testInfo, "security-recovery-codes");
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await card(page).getByRole("button", { name: "Copy recovery codes" }).click();
    await expect(card(page).getByText("Copied.")).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(codes.join("\n"));
    const downloading = page.waitForEvent("download");
    await card(page).getByRole("button", { name: "Download recovery codes" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`recovery-codes-${who.username}.txt`);
    const file = await readFile(await download.path(), "utf8");
    for (const code of codes) expect(file).toContain(code);
    await card(page).getByRole("button", { name: "Done" }).click();
    await expect(card(page).getByRole("status")).toContainText("Two-factor authentication is on.");
    await expect(card(page).getByText("On", { exact: true })).toBeVisible();
    await expect(card(page).getByText("10 recovery codes left.")).toBeVisible();
    await expect(card(page).getByRole("list", { name: "Recovery codes" })).toHaveCount(0);
    await page.reload();
    await expect(card(page).getByText("On", { exact: true })).toBeVisible();
    await expect(activity(page).getByText("Two-factor authentication turned on")).toBeVisible();
    await checkLook(page, testInfo, "security-on");

    // The password now leads to the second step; a wrong code is refused beside the field.
    await signOut(page);
    await passwordStep(page, who);
    await expect(page).toHaveURL(/\/sign-in\/verify$/);
    await expect(page.getByRole("heading", { level: 1, name: "Two-factor authentication" })).toBeVisible();
    const code = page.getByLabel("Authentication code");
    await expect(code).toHaveAttribute("inputmode", "numeric");
    await expect(code).toHaveAttribute("autocomplete", "one-time-code");
    await checkLook(page, testInfo, "verify");
    await code.fill(wrongCode(secret));
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(code).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText(/^That code is not right/)).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in\/verify$/);
    // The enrolment used this step's code, which is accepted only once: the app's next one.
    await code.fill(appCode(secret, Date.now() + 30_000));
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await page.goto("/account/security");
    await expect(activity(page).getByText("Signed in with an authenticator code")).toBeVisible();

    // A recovery code instead; the link goes back and forth.
    await signOut(page);
    await passwordStep(page, who);
    await page.getByRole("link", { name: "Use a recovery code" }).click();
    const recovery = page.getByLabel("Recovery code");
    await expect(recovery).toBeFocused();
    await checkLook(page, testInfo, "verify-recovery");
    await page.getByRole("link", { name: "Use your authenticator app" }).click();
    await expect(page.getByLabel("Authentication code")).toBeFocused();
    await page.getByRole("link", { name: "Use a recovery code" }).click();
    await recovery.fill(codes[0].toUpperCase());
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await page.goto("/account/security");
    await expect(activity(page).getByText("Signed in with a recovery code")).toBeVisible();
    await expect(card(page).getByText("9 recovery codes left.")).toBeVisible();

    // The same recovery code a second time is refused.
    await signOut(page);
    await passwordStep(page, who);
    await page.getByRole("link", { name: "Use a recovery code" }).click();
    await recovery.fill(codes[0]);
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(recovery).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("That recovery code is not right, or it has already been used.")).toBeVisible();
    await recovery.fill(codes[1]);
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page).toHaveURL(/\/account$/);

    // New recovery codes: a wrong code is refused beside its field; the old set stops working.
    await page.goto("/account/security");
    await card(page).getByRole("button", { name: "New recovery codes" }).click();
    const regenerate = page.getByRole("form", { name: "New recovery codes" });
    await regenerate.getByLabel("Password", { exact: true }).fill(who.password);
    await regenerate.getByLabel("Authentication or recovery code").fill(codes[0]);
    await regenerate.getByRole("button", { name: "Get new codes" }).click();
    await expect(regenerate.getByLabel("Authentication or recovery code")).toHaveAttribute("aria-invalid", "true");
    await expect(regenerate.getByText("The code is not right.")).toBeVisible();
    await regenerate.getByLabel("Authentication or recovery code").fill(codes[2]);
    await regenerate.getByRole("button", { name: "Get new codes" }).click();
    const freshList = card(page).getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
    await expect(freshList).toHaveCount(10);
    const fresh = await freshList.allInnerTexts();
    expect(fresh.some((c) => codes.includes(c))).toBe(false);
    await card(page).getByRole("button", { name: "Done" }).click();
    await expect(card(page).getByText("10 recovery codes left.")).toBeVisible();

    await expect(card(page).getByRole("button", { name: "New recovery codes" })).toBeFocused();

    // Escape closes a step and gives focus back to its button.
    await card(page).getByRole("button", { name: "Turn off" }).click();
    await expect(card(page).getByLabel("Password", { exact: true })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(card(page).getByLabel("Password", { exact: true })).toHaveCount(0);
    await expect(card(page).getByRole("button", { name: "Turn off" })).toBeFocused();

    // Turning it off takes the password and a code (a recovery code will do); an old code does not.
    await card(page).getByRole("button", { name: "Turn off" }).click();
    const turnOff = page.getByRole("form", { name: "Turn off two-factor authentication" });
    await turnOff.getByLabel("Password", { exact: true }).fill(who.password);
    await turnOff.getByLabel("Authentication or recovery code").fill(codes[3]);
    await turnOff.getByRole("button", { name: "Turn off two-factor" }).click();
    await expect(turnOff.getByText("The code is not right.")).toBeVisible();
    await turnOff.getByLabel("Authentication or recovery code").fill(fresh[0]);
    await turnOff.getByRole("button", { name: "Turn off two-factor" }).click();
    await expect(card(page).getByRole("status")).toContainText("Two-factor authentication is off.");
    await expect(card(page).getByText("Off", { exact: true })).toBeVisible();
    await expect(activity(page).getByText("Two-factor authentication turned off")).toBeVisible();

    await signOut(page);
    await passwordStep(page, who);
    await expect(page).toHaveURL(/\/account$/);
    expect(problems).toEqual([]);
  });

  test("the second step needs the password step, and ends after too many wrong codes", async ({ page }) => {
    await page.goto("/sign-in/verify");
    await expect(page).toHaveURL(/\/sign-in$/);

    const who = newIdentity();
    await signUp(page, who);
    const { secret } = await enrol(page, who);
    await card(page).getByRole("button", { name: "Done" }).click();
    await signOut(page);

    // ?next= is carried through the second step.
    await page.goto("/sign-in?next=%2Faccount%2Fsecurity");
    await page.getByLabel("Username or phone").fill(who.username);
    await page.getByLabel("Password", { exact: true }).fill(who.password);
    await page.getByRole("main").getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/sign-in\/verify\?next=%2Faccount%2Fsecurity$/);
    // The mfaToken waits in a cookie no script can read, sent to the sign-in pages only, and not in the page.
    const cookie = (await page.context().cookies()).find((c) => c.name === "mfa");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/sign-in", secure: false });
    expect(await page.content()).not.toContain(cookie?.value);

    const code = page.getByLabel("Authentication code");
    for (let attempt = 1; attempt < 5; attempt++) {
      await code.fill(wrongCode(secret));
      await page.getByRole("button", { name: "Verify" }).click();
      await expect(page.getByText(/^That code is not right/)).toBeVisible();
    }
    await code.fill(wrongCode(secret));
    await page.getByRole("button", { name: "Verify" }).click();
    const ended = page.getByRole("alert").filter({ hasText: "This sign-in has ended" });
    await expect(ended).toBeVisible();
    await expect(page.getByLabel("Authentication code")).toHaveCount(0);
    await expect(ended.getByRole("link", { name: "Sign in again" })).toHaveAttribute(
      "href",
      "/sign-in?next=%2Faccount%2Fsecurity",
    );
    // It stays ended; signing in again starts afresh.
    await page.reload();
    await expect(page.getByRole("alert").filter({ hasText: "This sign-in has ended" })).toBeVisible();
    await page.getByRole("link", { name: "Sign in again" }).click();
    await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount%2Fsecurity$/);
  });
});
