import { expect, newIdentity, test } from "./fixtures";
import { checkLook } from "./look";
import { STAFF } from "./staff";

type Stats = {
  totals: Record<"users" | "active" | "staff" | "emailVerified" | "mfaEnabled", number>;
  daily: Array<{ date: string } & Record<string, number>>;
};

const CHARTS = ["signUps", "signIns", "failedSignIns", "lockouts", "rateLimited", "passwordResets"];

test.describe("staff overview", () => {
  test("totals and six daily charts whose tables hold the API's numbers; light, dark, wide and narrow", async ({
    page,
    request,
  }, testInfo) => {
    test.setTimeout(120_000);
    // Something to count today: a sign-up, a failed sign-in and a sign-in.
    const who = newIdentity();
    const registered = await request.post("/api/auth/register", {
      data: { username: who.username, phoneNumber: who.phoneE164, email: who.email, password: who.password },
    });
    expect(registered.status(), await registered.text()).toBe(201);
    const failed = await request.post("/api/auth/login", {
      data: { identifier: who.username, password: `${who.password}-wrong` },
    });
    expect(failed.status()).toBe(401);
    const staffLogin = await request.post("/api/auth/login", {
      data: { identifier: STAFF.username, password: STAFF.password },
    });
    expect(staffLogin.status()).toBe(200);
    const { accessToken } = (await staffLogin.json()) as { accessToken: string };

    await page.goto("/admin");
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    await page.getByLabel("Username or phone").fill(STAFF.username);
    await page.getByLabel("Password", { exact: true }).fill(STAFF.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await expect(page).toHaveTitle(/Overview/);
    await expect(page.getByRole("navigation", { name: "Staff console" }).getByRole("link").first()).toHaveText(
      "Overview",
    );

    // Nothing is written between the page and this read: the same numbers.
    const response = await request.get("/api/admin/stats", { headers: { authorization: `Bearer ${accessToken}` } });
    expect(response.status()).toBe(200);
    const stats = (await response.json()) as Stats;
    expect(stats.daily).toHaveLength(30);
    const today = stats.daily.at(-1)!;
    expect(today.signUps).toBeGreaterThanOrEqual(1);
    expect(today.failedSignIns).toBeGreaterThanOrEqual(1);
    expect(today.signIns).toBeGreaterThanOrEqual(2);

    for (const [key, value] of Object.entries(stats.totals)) {
      await expect(page.locator(`[data-total="${key}"] dd`).first()).toHaveText(value.toLocaleString("en-US"));
    }

    await expect(page.locator("figure[data-chart]")).toHaveCount(6);
    for (const key of CHARTS) {
      const chart = page.locator(`figure[data-chart="${key}"]`);
      await expect(chart.getByRole("img")).toHaveAttribute(
        "aria-label",
        /in the last 30 days|none in the last 30 days/,
      );
      const rows = await chart
        .locator("tbody tr")
        .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent ?? "")));
      expect(rows, key).toEqual(stats.daily.map((day) => [day.date, day[key].toLocaleString("en-US")]));
    }

    // The numbers open under each chart.
    const signUps = page.locator('figure[data-chart="signUps"]');
    await signUps.getByText("Show the numbers").click();
    await expect(signUps.getByRole("table", { name: "Sign-ups per UTC day" })).toBeVisible();
    await expect(signUps.getByRole("row").last()).toContainText(today.date);

    await checkLook(page, testInfo, "admin-overview");
  });
});
