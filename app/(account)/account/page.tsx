import type { Metadata } from "next";
import { Badge } from "@/components/account/badge";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { ChangePhoneForm } from "@/components/account/change-phone-form";
import { DeleteAccountForm } from "@/components/account/delete-account-form";
import { EmailSection } from "@/components/account/email-section";
import { Subsection } from "@/components/account/subsection";
import { Button } from "@/components/ui/button";
import { buttonStyles } from "@/components/ui/button-styles";
import { Card } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/form-message";
import { TextLink } from "@/components/ui/text-link";
import { hasPassword, RECENT_SIGN_IN_MINUTES } from "@/lib/accounts/confirm-password";
import { pendingEmailChange } from "@/lib/accounts/email-verification";
import { config } from "@/lib/config";
import { requireUser } from "@/lib/session/current-user";
import { displayPhone } from "@/lib/validation/phone";
import { signOutAction } from "./actions";

export const metadata: Metadata = { title: "Your account" };

const NOTICES: Record<string, string> = {
  "password-changed": "Your password is changed. Every other session was signed out; this one stays signed in.",
  "password-set":
    "Your password is set: you can also sign in with your username or phone number and it. Every other session was signed out; this one stays signed in.",
};

export default async function AccountPage({ searchParams }: PageProps<"/account">) {
  const user = await requireUser("/account");
  const { notice } = await searchParams;
  const withPassword = await hasPassword(user.id);
  const email = user.email ? (
    <span className="flex flex-wrap items-center gap-2">
      <span className="break-all">{user.email}</span>
      {user.emailVerified ? <Badge tone="success">Verified</Badge> : <Badge tone="warning">Unverified</Badge>}
    </span>
  ) : (
    "—"
  );
  const rows: Array<[string, React.ReactNode]> = [
    ["Username", user.username],
    ["Phone", displayPhone(user.phoneNumber, config().phoneDefaultRegion)],
    ["E-mail", email],
    ["Member since", user.dateJoined.toISOString().slice(0, 10)],
  ];
  return (
    <div className="mx-auto flex w-full max-w-2xl flex-col gap-8 px-4 py-10 sm:px-6 sm:py-14">
      <header className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div className="flex flex-col gap-1">
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">Your account</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Signed in as {user.username}. Sessions and recent activity are under{" "}
            <TextLink href="/account/security">Security</TextLink>.
          </p>
        </div>
        <form action={signOutAction}>
          <Button variant="secondary">Sign out</Button>
        </form>
      </header>
      <FormMessage kind="success">{typeof notice === "string" ? NOTICES[notice] : undefined}</FormMessage>

      <Card heading="Profile">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-3 text-sm">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="font-medium text-zinc-600 dark:text-zinc-400">{label}</dt>
              <dd className="min-w-0 break-all text-zinc-900 dark:text-zinc-100" data-field={label}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
        <EmailSection
          email={user.email}
          verified={user.emailVerified !== null}
          pending={await pendingEmailChange(user)}
        />
        <Subsection title="Change phone">
          <ChangePhoneForm />
        </Subsection>
      </Card>

      <Card
        heading="Password"
        description={
          withPassword
            ? "Changing it signs out every other session; this browser stays signed in."
            : `Your account has no password yet: you sign in with a provider or a passkey. Set one to sign in with your username or phone number too. For your safety, this works only within ${RECENT_SIGN_IN_MINUTES} minutes of signing in.`
        }
      >
        <ChangePasswordForm username={user.username} hasPassword={withPassword} />
      </Card>

      <Card
        heading="Your data"
        description="A JSON file of everything held about you: profile, sessions, linked sign-in providers and security activity."
      >
        <a href="/account/export" download className={buttonStyles("secondary", "self-start")}>
          Download my data
        </a>
      </Card>

      <Card
        heading="Delete account"
        description="Your account is deleted and every session signed out. If you change your mind, staff can restore it."
      >
        <DeleteAccountForm />
      </Card>
    </div>
  );
}
