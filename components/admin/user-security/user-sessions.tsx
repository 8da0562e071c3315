import { SessionSummary } from "@/components/account/session-summary";
import { EMPTY } from "@/components/ui/detail";
import type { SessionInfo } from "@/lib/sessions/sessions";

/** The user's live sessions, newest first, as support sees them (ending them: "Sign out everywhere"). */
export function UserSessions({ sessions, now }: { sessions: SessionInfo[]; now: Date }) {
  if (sessions.length === 0) return <p className={EMPTY}>No live sessions.</p>;
  return (
    <ul aria-label="Live sessions" className="flex flex-col divide-y divide-zinc-200 dark:divide-zinc-800">
      {sessions.map((session) => (
        <li key={session.id} className="py-3 first:pt-0 last:pb-0">
          <SessionSummary session={session} now={now} />
        </li>
      ))}
    </ul>
  );
}
