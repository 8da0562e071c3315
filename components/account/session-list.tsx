import type { SessionInfo } from "@/lib/sessions/sessions";
import { SessionSummary } from "./session-summary";
import { SessionButton, SessionsForm } from "./sessions-form";

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
              <SessionSummary id={describedBy} session={session} now={now} current={current} />
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
