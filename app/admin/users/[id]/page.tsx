import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditTable } from "@/components/admin/audit-table";
import { UserEditForm } from "@/components/admin/user-edit-form";
import { UserLifecycle } from "@/components/admin/user-lifecycle";
import { UserSection } from "@/components/admin/user-security/section";
import { SecurityActions } from "@/components/admin/user-security/security-actions";
import { SignInMethods } from "@/components/admin/user-security/sign-in-methods";
import { UserActivity } from "@/components/admin/user-security/user-activity";
import { UserSessions } from "@/components/admin/user-security/user-sessions";
import { listAudit } from "@/lib/admin/audit";
import { getUser } from "@/lib/admin/search";
import { userEvents, userSessions, userSignInMethods } from "@/lib/admin/security-actions";
import { NotFoundError } from "@/lib/errors";
import { requireStaff } from "@/lib/session/current-user";

export const metadata: Metadata = { title: "User · Staff" };

const EVENTS_PER_PAGE = 10;

/** `?activity=N`: the page of events; anything else is the first. */
function activityPage(value: string | string[] | undefined): number {
  const page = Number(typeof value === "string" ? value : 1);
  return Number.isSafeInteger(page) && page >= 1 ? page : 1;
}

export default async function AdminUserPage({ params, searchParams }: PageProps<"/admin/users/[id]">) {
  const { id } = await params;
  const page = activityPage((await searchParams).activity);
  const path = `/admin/users/${encodeURIComponent(id)}`;
  const staff = await requireStaff(page > 1 ? `${path}?activity=${page}` : path);
  const user = await getUser(id).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const [{ rows: audit }, sessions, events, older, methods] = await Promise.all([
    listAudit({ target: user.id, limit: 20 }),
    userSessions(user.id),
    userEvents(user.id, { page, pageSize: EVENTS_PER_PAGE }),
    // Whether an older page exists: the one event after this page.
    userEvents(user.id, { page: page * EVENTS_PER_PAGE + 1, pageSize: 1 }),
    userSignInMethods(user.id),
  ]);
  const self = user.id === staff.id;
  const now = new Date();
  const activityHref = (n: number) => (n === 1 ? `${path}#activity` : `${path}?activity=${n}#activity`);

  return (
    <div className="flex flex-col gap-8">
      <header className="flex flex-col gap-1">
        <Link href="/admin/users" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
          ← All users
        </Link>
        <h1 className="text-2xl font-semibold tracking-tight break-all">{user.username}</h1>
        {self && <p className="text-sm text-zinc-600 dark:text-zinc-400">This is your own account.</p>}
      </header>
      <UserEditForm
        user={{ ...user, dateJoined: user.dateJoined.toISOString(), deletedAt: user.deletedAt?.toISOString() ?? null }}
        self={self}
      />
      <section aria-labelledby="lifecycle" className="flex flex-col gap-3">
        <h2 id="lifecycle" className="text-lg font-semibold">
          {user.deletedAt ? "Restore" : "Delete"}
        </h2>
        <UserLifecycle id={user.id} deleted={user.deletedAt !== null} self={self} />
      </section>
      <div className="grid gap-8 lg:grid-cols-2">
        <UserSection
          id="security-actions"
          title="Security actions"
          description="What they change is recorded under Recent changes."
        >
          <SecurityActions
            user={{
              id: user.id,
              self,
              mfaEnabled: methods.mfaEnabled,
              hasEmail: user.email !== null,
              canReset: user.isActive && user.deletedAt === null,
            }}
          />
        </UserSection>
        <UserSection id="sign-in-methods" title="Sign-in methods">
          <SignInMethods methods={methods} now={now} />
        </UserSection>
      </div>
      <UserSection id="sessions" title="Sessions" description="Where the user is signed in now, newest first.">
        <UserSessions sessions={sessions} now={now} />
      </UserSection>
      <UserSection
        id="activity"
        title="Recent activity"
        description={`Security events, newest first, ${EVENTS_PER_PAGE} a page.`}
      >
        <UserActivity
          events={events.items}
          now={now}
          newerHref={page > 1 ? activityHref(page - 1) : undefined}
          olderHref={older.items.length > 0 ? activityHref(page + 1) : undefined}
        />
      </UserSection>
      <section aria-labelledby="recent-changes" className="flex flex-col gap-3">
        <h2 id="recent-changes" className="text-lg font-semibold">
          Recent changes
        </h2>
        <AuditTable rows={audit} showTarget={false} caption={`Recent staff changes to ${user.username}`} />
      </section>
    </div>
  );
}
