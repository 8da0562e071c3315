import { RelativeTime } from "@/components/ui/relative-time";
import { Card } from "@/components/ui/card";
import { listPasskeys } from "@/lib/passkeys";
import { AddPasskeyForm } from "./add-passkey-form";
import { PasskeyList } from "./passkey-list";

/** The "Passkeys" card of /account/security: the user's passkeys, each renamable and removable, and adding one. */
export async function PasskeysCard({ userId, now }: { userId: string; now: Date }) {
  const passkeys = await listPasskeys(userId);
  return (
    <Card
      heading="Passkeys"
      description="Sign in with your fingerprint, face or device PIN instead of typing a password. A passkey needs no second step."
    >
      <PasskeyList
        items={passkeys.map((passkey) => ({
          id: passkey.id,
          name: passkey.name,
          details: (
            <dl className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
              <div className="flex gap-1.5">
                <dt>Added</dt>
                <dd className="text-zinc-900 dark:text-zinc-100">
                  <RelativeTime date={passkey.createdAt} now={now} />
                </dd>
              </div>
              <div className="flex gap-1.5">
                <dt>Last used</dt>
                <dd className="text-zinc-900 dark:text-zinc-100">
                  {passkey.lastUsedAt ? <RelativeTime date={passkey.lastUsedAt} now={now} /> : "Never"}
                </dd>
              </div>
            </dl>
          ),
        }))}
      />
      <AddPasskeyForm />
    </Card>
  );
}
