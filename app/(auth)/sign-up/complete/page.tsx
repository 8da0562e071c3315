import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/forms/sign-up-form";
import { Card } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/form-message";
import { TextLink } from "@/components/ui/text-link";
import { providerName } from "@/lib/providers/catalog";
import { pendingSignUp } from "@/lib/providers/sign-in";
import { PROVIDER_SIGN_UP_EXPIRED } from "@/lib/providers/sign-up";
import { getSessionUser } from "@/lib/session/current-user";
import { providerSignUpCookie } from "@/lib/session/flow-cookie";
import { completeProviderSignUpAction } from "./actions";

export const metadata: Metadata = { title: "Finish creating your account" };

/** The first sign-in with a provider: a username and phone number, and the provider's e-mail offered. */
export default async function CompleteSignUpPage() {
  if (await getSessionUser()) redirect("/account");
  const token = await providerSignUpCookie.read();
  const identity = token ? await pendingSignUp(token) : undefined;
  if (!identity) {
    return (
      <Card heading="Finish creating your account" headingLevel={1}>
        <FormMessage>{PROVIDER_SIGN_UP_EXPIRED}</FormMessage>
        <p className="text-sm">
          <TextLink href="/sign-in">Back to sign in</TextLink>
        </p>
      </Card>
    );
  }
  const name = providerName(identity.provider);
  return (
    <Card
      heading="Finish creating your account"
      headingLevel={1}
      description={`You signed in with ${name}. Choose a username and add your phone number to create your account.`}
      footer={
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Already registered? <TextLink href="/sign-in">Sign in</TextLink>, then connect {name} from Account security.
        </p>
      }
    >
      <SignUpForm action={completeProviderSignUpAction} password={false} defaultEmail={identity.email ?? ""} />
    </Card>
  );
}
