import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/forms/sign-up-form";
import { Card } from "@/components/ui/card";
import { getSessionUser } from "@/lib/session/current-user";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage() {
  if (await getSessionUser()) redirect("/account");
  return (
    <div className="mx-auto w-full max-w-md px-4 py-12 sm:py-16">
      <Card
        heading="Create your account"
        headingLevel={1}
        footer={
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Already registered?{" "}
            <Link href="/sign-in" className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
              Sign in instead
            </Link>
          </p>
        }
      >
        <SignUpForm />
      </Card>
    </div>
  );
}
