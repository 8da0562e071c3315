import type { Metadata } from "next";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { config } from "@/lib/config";
import { requireUser } from "@/lib/session/current-user";
import { displayPhone } from "@/lib/validation/phone";
import { signOutAction } from "./actions";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const user = await requireUser("/account");
  const rows: Array<[string, string]> = [
    ["Username", user.username],
    ["Phone", displayPhone(user.phoneNumber, config().phoneDefaultRegion)],
    ["E-mail", user.email ?? "—"],
    ["Member since", user.dateJoined.toISOString().slice(0, 10)],
  ];
  return (
    <div className="mx-auto w-full max-w-xl px-4 py-12 sm:py-16">
      <Card heading="Your account" headingLevel={1} description={`Signed in as ${user.username}.`}>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-3 text-sm">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="font-medium text-zinc-600 dark:text-zinc-400">{label}</dt>
              <dd className="break-all text-zinc-900 dark:text-zinc-100" data-field={label}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
        <form action={signOutAction}>
          <Button variant="secondary">Sign out</Button>
        </form>
      </Card>
    </div>
  );
}
