import { randomInt } from "node:crypto";
import { test as base, expect, type Page } from "@playwright/test";

/**
 * Every test acts from its own client IP (the e2e server trusts X-Forwarded-For), so the
 * per-IP rate limits and lockouts of one test never spill into another.
 */
export const test = base.extend({
  extraHTTPHeaders: async ({}, provide) => {
    const octet = () => Math.floor(Math.random() * 254) + 1;
    await provide({ "x-forwarded-for": `10.${octet()}.${octet()}.${octet()}` });
  },
});

export { expect };

let counter = 0;

/** A fresh, valid identity: unique username, phone and e-mail. */
export function newIdentity() {
  const n = `${Date.now() % 1_000_000}${counter++}`.padStart(7, "0").slice(-7);
  // Drawn from 8,000,000 numbers (201 is a New Jersey area code; any exchange 200–999 is valid), so
  // that parallel workers, whose clocks and counters can agree, almost never draw one number twice.
  const exchange = String(200 + randomInt(800));
  const line = String(randomInt(10_000)).padStart(4, "0");
  return {
    username: `user_${n}`,
    phoneDisplay: `(201) ${exchange}-${line}`,
    phoneE164: `+1201${exchange}${line}`,
    email: `user_${n}@example.com`,
    password: `blue-tractor-${n}`,
  };
}

export async function signUp(page: Page, who: ReturnType<typeof newIdentity>) {
  await page.goto("/sign-up");
  await page.getByLabel("Username").fill(who.username);
  await page.getByLabel("Phone number").fill(who.phoneDisplay);
  await page.getByLabel("Email (optional)").fill(who.email);
  await page.getByLabel("Password", { exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/account$/);
}
