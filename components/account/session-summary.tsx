import { Detail } from "@/components/ui/detail";
import { RelativeTime } from "@/components/ui/relative-time";
import type { SessionInfo } from "@/lib/sessions/sessions";
import { Badge } from "./badge";
import { describeUserAgent } from "./user-agent";

/** What a session is: its device, kind, address and times (the user's own list and the staff view). */
export function SessionSummary({
  session,
  now,
  current = false,
  id,
}: {
  session: SessionInfo;
  now: Date;
  current?: boolean;
  id?: string;
}) {
  return (
    <div id={id} className="flex min-w-0 flex-col gap-1.5">
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
  );
}
