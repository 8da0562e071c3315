import type { Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { expect, type newIdentity } from "./fixtures";

/** An authenticator app for the specs, and turning it on from /account/security. */

type Identity = ReturnType<typeof newIdentity>;

/** What the user's authenticator app would show at `timestamp`. */
export const appCode = (secret: string, timestamp = Date.now()) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 }).generate({ timestamp });

/** A code that is not the app's now (nor, by a wide margin, one step either side). */
export const wrongCode = (secret: string) => String((Number(appCode(secret)) + 500_000) % 1_000_000).padStart(6, "0");

export const twoFactorCard = (page: Page) =>
  page.getByRole("region", { name: "Two-factor authentication", exact: true });

/** Up to the QR code: the key it carries, read from the page as a person would type it. */
export async function startSetup(page: Page, who: Pick<Identity, "password">): Promise<string> {
  const card = twoFactorCard(page);
  await page.goto("/account/security");
  await card.getByRole("button", { name: "Set up an authenticator app" }).click();
  await card.getByLabel("Password", { exact: true }).fill(who.password);
  await card.getByRole("button", { name: "Continue" }).click();
  const key = card.locator("[data-secret]");
  const secret = (await key.getAttribute("data-secret")) ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  // Shown in groups of four for reading; the same key.
  expect((await key.innerText()).replace(/\s/g, "")).toBe(secret);
  await expect(card.getByRole("img", { name: /^QR code that adds this account/ })).toBeVisible();
  return secret;
}

/** Sets up the app with the current code; returns its key and the recovery codes shown. */
export async function enrol(page: Page, who: Pick<Identity, "password">): Promise<{ secret: string; codes: string[] }> {
  const secret = await startSetup(page, who);
  const card = twoFactorCard(page);
  await card.getByLabel("Authentication code").fill(appCode(secret));
  await card.getByRole("button", { name: "Turn on" }).click();
  const list = card.getByRole("list", { name: "Recovery codes" });
  await expect(list.getByRole("listitem")).toHaveCount(10);
  const codes = await list.getByRole("listitem").allInnerTexts();
  for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
  return { secret, codes };
}
