import { startWebhookReceiver, type WebhookReceiver } from "../tests/helpers/webhook-receiver";
import { expect, test } from "./fixtures";
import { checkLook } from "./look";
import { STAFF } from "./staff";

/**
 * Webhooks in the staff console: an endpoint added through the form (field errors first), its
 * secret shown once, a test event that a real receiver verifies with standardwebhooks, the
 * deliveries listed, disable and enable, delete after a confirmation.
 */

let receiver: WebhookReceiver;
test.beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
test.afterAll(() => receiver?.close());

test("a webhook added in the console receives a signed test event", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto("/admin/webhooks");
  await page.getByLabel("Username or phone").fill(STAFF.username);
  await page.getByLabel("Password", { exact: true }).fill(STAFF.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Staff console" }).getByRole("link", { name: "Webhooks" }),
  ).toBeVisible();

  // Nothing filled in: each field says what it needs.
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByText("Enter the URL to send events to.")).toBeVisible();
  await expect(page.getByText("Choose at least one event.")).toBeVisible();
  await expect(page.getByLabel("URL")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("URL").fill(receiver.url);
  await page.getByRole("checkbox", { name: /user\.created/ }).check();
  await page.getByRole("checkbox", { name: /session\.revoked/ }).check();
  await page.getByLabel("Description (optional)").fill("E2E receiver");
  await page.getByRole("button", { name: "Add endpoint" }).click();

  const secretPanel = page.getByRole("region", { name: "Signing secret" });
  await expect(secretPanel).toBeVisible();
  await expect(secretPanel.getByText("shown only this once")).toBeVisible();
  await expect(secretPanel.getByRole("button", { name: "Copy signing secret" })).toBeVisible();
  const secret = (await secretPanel.locator("code").textContent())!.trim();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
  receiver.secret = secret;
  const endpoint = page.getByRole("article", { name: receiver.url });
  await expect(endpoint.getByText("Enabled")).toBeVisible();
  await checkLook(page, testInfo, "webhooks-secret");

  // Shown once: gone when dismissed, and not on the page again.
  await secretPanel.getByRole("button", { name: "I have copied it" }).click();
  await expect(secretPanel).toBeHidden();
  await page.reload();
  expect(await page.content()).not.toContain(secret.slice(6));

  await endpoint.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByText("Test event queued.")).toBeVisible();
  const [received] = await receiver.waitFor((r) => r.length > 0, 15_000);
  expect(received.payload.type).toBe("webhook.test");
  expect(received.payload.data.user.username).toBe(STAFF.username);
  expect(receiver.rejected).toEqual([]);

  const deliveries = endpoint.getByRole("region", { name: `Deliveries to ${receiver.url}` });
  await expect(async () => {
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect(deliveries.getByText("Delivered")).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(deliveries.getByText(received.id)).toBeVisible();
  await expect(deliveries.getByRole("cell", { name: "webhook.test" })).toBeVisible();

  await endpoint.getByRole("button", { name: "Disable" }).click();
  await expect(endpoint.getByText("Disabled", { exact: true })).toBeVisible();
  await expect(endpoint.getByRole("button", { name: "Send test event" })).toBeDisabled();
  await checkLook(page, testInfo, "webhooks-list");
  await endpoint.getByRole("button", { name: "Enable" }).click();
  await expect(endpoint.getByText("Enabled", { exact: true })).toBeVisible();

  await endpoint.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("button", { name: "Confirm delete" }).click();
  await expect(page.getByText("No endpoints yet.")).toBeVisible();
});
