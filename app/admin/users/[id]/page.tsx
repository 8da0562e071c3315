import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditTable } from "@/components/admin/audit-table";
import { UserEditForm } from "@/components/admin/user-edit-form";
import { UserLifecycle } from "@/components/admin/user-lifecycle";
import { listAudit } from "@/lib/admin/audit";
import { getUser } from "@/lib/admin/search";
import { NotFoundError } from "@/lib/errors";
import { requireStaff } from "@/lib/session/current-user";

export const metadata: Metadata = { title: "User · Staff" };

export default async function AdminUserPage({ params }: PageProps<"/admin/users/[id]">) {
  const { id } = await params;
  const staff = await requireStaff(`/admin/users/${encodeURIComponent(id)}`);
  const user = await getUser(id).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const { rows: audit } = await listAudit({ target: user.id, limit: 20 });

  return (
    <div className="flex flex-col gap-8">
      <header className="flex flex-col gap-1">
        <Link href="/admin/users" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
          ← All users
        </Link>
        <h1 className="text-2xl font-semibold tracking-tight break-all">{user.username}</h1>
      </header>
      <UserEditForm
        user={{ ...user, dateJoined: user.dateJoined.toISOString(), deletedAt: user.deletedAt?.toISOString() ?? null }}
      />
      {user.id !== staff.id && (
        <section aria-labelledby="lifecycle" className="flex flex-col gap-3">
          <h2 id="lifecycle" className="text-lg font-semibold">
            {user.deletedAt ? "Restore" : "Delete"}
          </h2>
          <UserLifecycle id={user.id} deleted={user.deletedAt !== null} />
        </section>
      )}
      <section aria-labelledby="recent-changes" className="flex flex-col gap-3">
        <h2 id="recent-changes" className="text-lg font-semibold">
          Recent changes
        </h2>
        <AuditTable rows={audit} showTarget={false} caption={`Recent staff changes to ${user.username}`} />
      </section>
    </div>
  );
}
