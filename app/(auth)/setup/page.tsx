import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SignUpForm } from "@/components/forms/sign-up-form";
import { Card } from "@/components/ui/card";
import { setupIsOpen } from "@/lib/setup/first-run";
import { firstRunSetupAction } from "./actions";

export const metadata: Metadata = { title: "First run", robots: { index: false } };

/** Open only with the link the server printed, and only while no staff user exists: else a 404. */
export default async function SetupPage({ searchParams }: PageProps<"/setup">) {
  const { token } = await searchParams;
  if (typeof token !== "string" || !(await setupIsOpen(token))) notFound();
  return (
    <Card heading="Create the first staff account" headingLevel={1}>
      <p className="mb-5 text-sm text-zinc-600 dark:text-zinc-400">
        No staff user exists yet. This account can use the staff console and make others staff. The rules are those of
        sign-up; the link works once.
      </p>
      <SignUpForm action={firstRunSetupAction.bind(null, token)} submitLabel="Create staff account" />
    </Card>
  );
}
