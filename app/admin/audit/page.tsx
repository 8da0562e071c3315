import type { Metadata } from "next";
import Link from "next/link";
import { AuditTable } from "@/components/admin/audit-table";
import { buttonStyles } from "@/components/ui/button-styles";
import { AUDIT_PAGE_SIZE, listAudit } from "@/lib/admin/audit";
import { requireStaff } from "@/lib/session/current-user";

export const metadata: Metadata = { title: "Audit log · Staff" };

const control =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs dark:border-zinc-700 dark:bg-zinc-900";

const text = (value: string | string[] | undefined) => (typeof value === "string" ? value.trim().slice(0, 64) : "");

export default async function AuditPage({ searchParams }: PageProps<"/admin/audit">) {
  const params = await searchParams;
  const actor = text(params.actor);
  const target = text(params.target);
  const before = text(params.before);
  const href = (values: Record<string, string>) => {
    const query = new URLSearchParams(Object.entries(values).filter(([, v]) => v)).toString();
    return `/admin/audit${query ? `?${query}` : ""}`;
  };
  await requireStaff(href({ actor, target, before }));
  const { rows, olderBefore } = await listAudit({
    actor: actor || undefined,
    target: target || undefined,
    before: before || undefined,
  });

  return (
    <div className="flex flex-col gap-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Staff changes, newest first, {AUDIT_PAGE_SIZE} a page.
        </p>
      </header>
      <form method="get" action="/admin/audit" className="grid gap-3 sm:grid-cols-[1fr_1fr_auto_auto] sm:items-end">
        <div className="flex flex-col gap-1.5">
          <label htmlFor="audit-actor" className="text-sm font-medium">
            Staff user
          </label>
          <input id="audit-actor" name="actor" defaultValue={actor} placeholder="Username or id" className={control} />
        </div>
        <div className="flex flex-col gap-1.5">
          <label htmlFor="audit-target" className="text-sm font-medium">
            Target user
          </label>
          <input
            id="audit-target"
            name="target"
            defaultValue={target}
            placeholder="Username or id"
            className={control}
          />
        </div>
        <button type="submit" className={buttonStyles("primary")}>
          Filter
        </button>
        <Link href="/admin/audit" className={buttonStyles("ghost")}>
          Clear
        </Link>
      </form>
      <AuditTable rows={rows} caption="Staff changes" now={new Date()} />
      <nav aria-label="Audit pages" className="flex gap-3">
        {before && (
          <Link href={href({ actor, target })} className={buttonStyles("ghost")}>
            Newest
          </Link>
        )}
        {olderBefore && (
          <Link href={href({ actor, target, before: olderBefore })} className={buttonStyles("ghost")}>
            Older entries
          </Link>
        )}
      </nav>
    </div>
  );
}
