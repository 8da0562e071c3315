import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ProviderButtons } from "@/components/forms/provider-buttons";
import { SignUpForm } from "@/components/forms/sign-up-form";
import { Card } from "@/components/ui/card";
import { TextLink } from "@/components/ui/text-link";
import { configuredProviders } from "@/lib/providers/catalog";
import { getSessionUser } from "@/lib/session/current-user";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage() {
  if (await getSessionUser()) redirect("/account");
  return (
    <Card
      heading="Create your account"
      headingLevel={1}
      footer={
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Already registered? <TextLink href="/sign-in">Sign in instead</TextLink>
        </p>
      }
    >
      <ProviderButtons providers={configuredProviders()} />
      <SignUpForm />
    </Card>
  );
}
