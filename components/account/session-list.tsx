import type { SessionInfo } from "@/lib/sessions/sessions";
import { Badge } from "./badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { SessionButton, SessionsForm } from "./sessions-form";
import { describeUserAgent } from "./user-agent";

/** The user's live sessions, this one first; every other one can be ended. */
export function SessionList({ sessions, currentId, now }: { sessions: SessionInfo[]; currentId: string; now: Date }) {
  const ordered = [...sessions].sort((a, b) => Number(b.id === currentId) - Number(a.id === currentId));
  return (
    <SessionsForm others={sessions.filter((session) => session.id !== currentId).length}>
      <ul className="flex flex-col divide-y divide-zinc-200 dark:divide-zinc-800">
        {ordered.map((session) => {
          const current = session.id === currentId;
          const describedBy = `session-${session.id}`;
          return (
            <li
              key={session.id}
              className="flex flex-col gap-3 py-4 first:pt-0 sm:flex-row sm:items-start sm:justify-between"
            >
              <div id={describedBy} className="flex min-w-0 flex-col gap-1.5">
                <p className="flex flex-wrap items-center gap-2 font-medium text-zinc-900 dark:text-zinc-100">
                  <span className="break-words">{describeUserAgent(session.userAgent)}</span>
                  <Badge>{session.kind === "api" ? "API" : "Browser"}</Badge>
                  {current && <Badge tone="accent">This device</Badge>}
                </p>
                <dl className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
                  <Detail label="IP">{session.ip}</Detail>
                  <Detail label="Signed in">
                    <RelativeTime date={session.createdAt} now={now} />
                  </Detail>
                  <Detail label="Last active">
                    <RelativeTime date={session.lastSeenAt} now={now} />
                  </Detail>
                </dl>
              </div>
              {!current && (
                <SessionButton session={session.id} aria-describedby={describedBy} className="shrink-0 self-start">
                  End session
                </SessionButton>
              )}
            </li>
          );
        })}
      </ul>
    </SessionsForm>
  );
}

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex gap-1.5">
      <dt>{label}</dt>
      <dd className="break-all text-zinc-900 dark:text-zinc-100">{children}</dd>
    </div>
  );
}
