import type { Metadata } from "next";
import { DailyBarChart } from "@/components/admin/charts/daily-bar-chart";
import { UserTotals } from "@/components/admin/user-totals";
import { DAILY_SERIES_KEYS, overviewStats, STATS_DAYS_DEFAULT, type DailySeries } from "@/lib/admin/stats";
import { requireStaff } from "@/lib/session/current-user";

export const metadata: Metadata = { title: "Overview · Staff" };

const TITLES: Record<DailySeries, string> = {
  signUps: "Sign-ups",
  signIns: "Sign-ins",
  failedSignIns: "Failed sign-ins",
  lockouts: "Lockouts",
  rateLimited: "Rate-limited requests",
  passwordResets: "Password resets",
};

export default async function OverviewPage() {
  await requireStaff("/admin");
  const { totals, daily } = await overviewStats(STATS_DAYS_DEFAULT);

  return (
    <div className="flex flex-col gap-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Users now, and security events per UTC day over the last {STATS_DAYS_DEFAULT} days, today last.
        </p>
      </header>
      <section aria-label="User totals">
        <UserTotals totals={totals} />
      </section>
      <div className="grid items-start gap-4 md:grid-cols-2">
        {DAILY_SERIES_KEYS.map((key) => (
          <DailyBarChart
            key={key}
            id={key}
            title={TITLES[key]}
            days={daily.map((day) => ({ date: day.date, value: day[key] }))}
          />
        ))}
      </div>
    </div>
  );
}
