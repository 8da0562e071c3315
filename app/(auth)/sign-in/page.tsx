import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PasskeySignIn } from "@/components/forms/passkey-sign-in";
import { ProviderButtons } from "@/components/forms/provider-buttons";
import { SignInForm } from "@/components/forms/sign-in-form";
import { FormMessage } from "@/components/ui/form-message";
import { Card } from "@/components/ui/card";
import { TextLink } from "@/components/ui/text-link";
import { INVALID_CREDENTIALS } from "@/lib/accounts/authenticate";
import { configuredProviders, providerName } from "@/lib/providers/catalog";
import { getSessionUser } from "@/lib/session/current-user";
import { safeReturnPath } from "@/lib/session/run-action";

export const metadata: Metadata = { title: "Sign in" };

const NOTICES: Record<string, string> = {
  reset: "Your password has been reset. Sign in with your new password.",
  "signed-out": "You are signed out.",
  "account-deleted": "Your account is deleted and you are signed out everywhere.",
};

/**
 * Why a sign-in with a provider did not end signed in: the app's own codes, and next-auth's
 * (a tampered or replayed callback, a provider's refusal), which all read as the last one.
 */
function providerError(code: string, provider: string): string {
  if (code === "rate-limited") return "Too many attempts. Try again in a minute.";
  if (code === "unavailable") return "Sign-in is temporarily unavailable. Try again in a moment.";
  // An inactive or deleted account: the password sign-in's answer, which tells nothing more.
  if (code === "refused") return INVALID_CREDENTIALS;
  if (code === "email-in-use") {
    return `An account already uses the e-mail address that ${provider} gave. If it is yours, sign in to it, then connect ${provider} from Account security.`;
  }
  if (code === "session-ended")
    return `Your session ended before ${provider} answered. Sign in, then connect it again.`;
  return "Signing in with the provider did not complete. Try again.";
}

export default async function SignInPage({ searchParams }: PageProps<"/sign-in">) {
  const { next, notice, error, provider } = await searchParams;
  if (await getSessionUser()) redirect(safeReturnPath(next));
  const nextPath = typeof next === "string" ? next : undefined;
  const name = typeof provider === "string" ? providerName(provider) : "the provider";
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
      {typeof error === "string" && <FormMessage>{providerError(error, name)}</FormMessage>}
      <ProviderButtons providers={configuredProviders()} next={nextPath} />
      <SignInForm next={nextPath} notice={typeof notice === "string" ? NOTICES[notice] : undefined} />
      <PasskeySignIn next={nextPath} />
    </Card>
  );
}
