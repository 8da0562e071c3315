import type { Metadata } from "next";
import { ActivityList } from "@/components/account/activity-list";
import { PasskeysCard } from "@/components/account/passkeys/passkeys-card";
import { ProvidersCard } from "@/components/account/providers/providers-card";
import { SessionList } from "@/components/account/session-list";
import { TwoFactorCard } from "@/components/account/two-factor/two-factor-card";
import { Card } from "@/components/ui/card";
import { TextLink } from "@/components/ui/text-link";
import { listOwnEvents } from "@/lib/accounts/account-data";
import { requireUser } from "@/lib/session/current-user";
import { listSessions } from "@/lib/sessions/sessions";

export const metadata: Metadata = { title: "Security" };

const RECENT_EVENTS = 20;

export default async function SecurityPage({ searchParams }: PageProps<"/account/security">) {
  const user = await requireUser("/account/security");
  const { connected, error } = await searchParams;
  const [sessions, events] = await Promise.all([
    listSessions(user),
    listOwnEvents(user.id, { page: 1, pageSize: RECENT_EVENTS }),
  ]);
  const now = new Date();
  return (
    <div className="mx-auto flex w-full max-w-2xl flex-col gap-8 px-4 py-10 sm:px-6 sm:py-14">
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">Security</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Where you are signed in, and what happened on your account.{" "}
          <TextLink href="/account">Back to your account</TextLink>
        </p>
      </header>
      <Card
        heading="Sessions"
        description="Every browser and app signed in to your account. End any you do not recognise, then change your password."
      >
        <SessionList sessions={sessions} currentId={user.sessionId} now={now} />
      </Card>
      <TwoFactorCard user={user} />
      <PasskeysCard userId={user.id} now={now} />
      <ProvidersCard
        userId={user.id}
        connected={typeof connected === "string" ? connected : undefined}
        error={typeof error === "string" ? error : undefined}
      />
      <Card heading="Recent activity" description={`The last ${RECENT_EVENTS} security events, newest first.`}>
        <ActivityList events={events.items} now={now} />
      </Card>
    </div>
  );
}
