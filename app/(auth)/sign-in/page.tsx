import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PasskeySignIn } from "@/components/forms/passkey-sign-in";
import { SignInForm } from "@/components/forms/sign-in-form";
import { Card } from "@/components/ui/card";
import { TextLink } from "@/components/ui/text-link";
import { getSessionUser } from "@/lib/session/current-user";
import { safeReturnPath } from "@/lib/session/run-action";

export const metadata: Metadata = { title: "Sign in" };

const NOTICES: Record<string, string> = {
  reset: "Your password has been reset. Sign in with your new password.",
  "signed-out": "You are signed out.",
  "account-deleted": "Your account is deleted and you are signed out everywhere.",
};

export default async function SignInPage({ searchParams }: PageProps<"/sign-in">) {
  const { next, notice } = await searchParams;
  if (await getSessionUser()) redirect(safeReturnPath(next));
  return (
    <Card
      heading="Sign in"
      headingLevel={1}
      description="With your username or your phone number."
      footer={
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          New here? <TextLink href="/sign-up">Create an account</TextLink>
        </p>
      }
    >
      <SignInForm
        next={typeof next === "string" ? next : undefined}
        notice={typeof notice === "string" ? NOTICES[notice] : undefined}
      />
      <PasskeySignIn next={typeof next === "string" ? next : undefined} />
    </Card>
  );
}
