import { formatCount } from "@/components/admin/format";
import type { UserTotals as Totals } from "@/lib/admin/stats";

const LABELS: { key: keyof Totals; label: string; hint: string }[] = [
  { key: "users", label: "Users", hint: "not deleted" },
  { key: "active", label: "Active", hint: "may sign in" },
  { key: "staff", label: "Staff", hint: "console access" },
  { key: "emailVerified", label: "Verified e-mail", hint: "address confirmed" },
  { key: "mfaEnabled", label: "Two-factor", hint: "authenticator app on" },
];

/** The user totals as a row of tiles; each counts users who are not deleted. */
export function UserTotals({ totals }: { totals: Totals }) {
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
      {LABELS.map(({ key, label, hint }) => (
        <div
          key={key}
          data-total={key}
          className="flex flex-col rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
        >
          <dt className="text-sm font-medium text-zinc-600 dark:text-zinc-400">{label}</dt>
          <dd className="order-first text-2xl font-semibold text-zinc-900 tabular-nums dark:text-zinc-50">
            {formatCount(totals[key])}
          </dd>
          <dd className="text-xs text-zinc-600 dark:text-zinc-400">{hint}</dd>
        </div>
      ))}
    </dl>
  );
}
