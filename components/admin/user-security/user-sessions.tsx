import { Badge } from "@/components/account/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { describeUserAgent } from "@/components/account/user-agent";
import type { SessionInfo } from "@/lib/sessions/sessions";
import { Detail, EMPTY } from "./detail";

/** The user's live sessions, newest first, as support sees them (ending them: "Sign out everywhere"). */
export function UserSessions({ sessions, now }: { sessions: SessionInfo[]; now: Date }) {
  if (sessions.length === 0) return <p className={EMPTY}>No live sessions.</p>;
  return (
    <ul aria-label="Live sessions" className="flex flex-col divide-y divide-zinc-200 dark:divide-zinc-800">
      {sessions.map((session) => (
        <li key={session.id} className="flex flex-col gap-1.5 py-3 first:pt-0 last:pb-0">
          <p className="flex flex-wrap items-center gap-2 font-medium text-zinc-900 dark:text-zinc-100">
            <span className="break-words">{describeUserAgent(session.userAgent)}</span>
            <Badge>{session.kind === "api" ? "API" : "Browser"}</Badge>
          </p>
          <dl className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
            <Detail label="IP">{session.ip}</Detail>
            <Detail label="Signed in">
              <RelativeTime date={session.createdAt} now={now} />
            </Detail>
            <Detail label="Last seen">
              <RelativeTime date={session.lastSeenAt} now={now} />
            </Detail>
          </dl>
        </li>
      ))}
    </ul>
  );
}
