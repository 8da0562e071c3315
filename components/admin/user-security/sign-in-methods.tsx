import { Badge } from "@/components/account/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { SignInMethods as Methods } from "@/lib/admin/security-actions";
import { providerName } from "@/lib/providers/catalog";
import { Detail, EMPTY } from "@/components/ui/detail";

const heading = "text-sm font-semibold text-zinc-900 dark:text-zinc-100";

/** How the user signs in: password, two-factor, passkeys and linked providers. */
export function SignInMethods({ methods, now }: { methods: Methods; now: Date }) {
  return (
    <div className="flex flex-col gap-5">
      <dl className="grid grid-cols-[max-content_1fr] items-center gap-x-6 gap-y-2 text-sm">
        <dt className="font-medium text-zinc-600 dark:text-zinc-400">Password</dt>
        <dd>{methods.hasPassword ? <Badge>Set</Badge> : <Badge>None</Badge>}</dd>
        <dt className="font-medium text-zinc-600 dark:text-zinc-400">Two-factor</dt>
        <dd>{methods.mfaEnabled ? <Badge tone="success">On</Badge> : <Badge>Off</Badge>}</dd>
      </dl>
      <div className="flex flex-col gap-2">
        <h3 className={heading}>Passkeys</h3>
        {methods.passkeys.length === 0 ? (
          <p className={EMPTY}>None</p>
        ) : (
          <ul aria-label="Passkeys" className="flex flex-col divide-y divide-zinc-200 dark:divide-zinc-800">
            {methods.passkeys.map((passkey) => (
              <li key={passkey.id} className="flex flex-col gap-1 py-2 first:pt-0 last:pb-0">
                <p className="font-medium break-words text-zinc-900 dark:text-zinc-100">{passkey.name}</p>
                <dl className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
                  <Detail label="Added">
                    <RelativeTime date={passkey.createdAt} now={now} />
                  </Detail>
                  <Detail label="Last used">
                    {passkey.lastUsedAt ? <RelativeTime date={passkey.lastUsedAt} now={now} /> : "Never"}
                  </Detail>
                </dl>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="flex flex-col gap-2">
        <h3 className={heading}>Linked providers</h3>
        {methods.providers.length === 0 ? (
          <p className={EMPTY}>None</p>
        ) : (
          <ul aria-label="Linked providers" className="flex flex-col gap-1 text-sm">
            {methods.providers.map((link) => (
              <li key={link.provider} className="flex flex-wrap gap-x-2">
                <span className="font-medium text-zinc-900 dark:text-zinc-100">{providerName(link.provider)}</span>
                <span className="text-zinc-600 dark:text-zinc-400">
                  linked <RelativeTime date={link.linkedAt} now={now} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
