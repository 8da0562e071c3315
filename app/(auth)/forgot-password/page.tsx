import type { Metadata } from "next";
import { ForgotPasswordForm } from "@/components/forms/forgot-password-form";
import { Card } from "@/components/ui/card";
import { TextLink } from "@/components/ui/text-link";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <Card
      heading="Forgot your password?"
      headingLevel={1}
      description="Enter the e-mail address of your account. We will send it a 6-digit code to choose a new password."
      footer={
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Remembered it? <TextLink href="/sign-in">Sign in</TextLink>
        </p>
      }
    >
      <ForgotPasswordForm />
    </Card>
  );
}
