import type { Metadata } from "next";
import { ResetPasswordForm } from "@/components/forms/reset-password-form";
import { Card } from "@/components/ui/card";
import { TextLink } from "@/components/ui/text-link";
import { forgotPasswordDetail } from "@/lib/accounts/password-reset-request";

export const metadata: Metadata = { title: "Reset password" };

export default async function ResetPasswordPage({ searchParams }: PageProps<"/reset-password">) {
  const { email, sent } = await searchParams;
  return (
    <Card
      heading="Reset your password"
      headingLevel={1}
      description="Enter the 6-digit code from the e-mail we sent you, and your new password."
      footer={
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          No code, or it expired? <TextLink href="/forgot-password">Send a new code</TextLink>
        </p>
      }
    >
      <ResetPasswordForm
        email={typeof email === "string" ? email : ""}
        notice={sent === "1" ? forgotPasswordDetail() : undefined}
      />
    </Card>
  );
}
