import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { VerifySignInForm, type CodeKind } from "@/components/forms/verify-sign-in-form";
import { Card } from "@/components/ui/card";
import { TextLink } from "@/components/ui/text-link";
import { getSessionUser } from "@/lib/session/current-user";
import { mfaCookie } from "@/lib/session/flow-cookie";
import { safeReturnPath } from "@/lib/session/run-action";
import { mfaSignInIsLive } from "@/lib/two-factor/mfa-sign-in";

export const metadata: Metadata = { title: "Two-factor authentication" };

/** The second step of signing in, for an account with an authenticator app; reached from /sign-in only. */
export default async function VerifySignInPage({ searchParams }: PageProps<"/sign-in/verify">) {
  const { next, with: kind } = await searchParams;
  const returnTo = typeof next === "string" ? next : undefined;
  if (await getSessionUser()) redirect(safeReturnPath(returnTo));
  const mfaToken = await mfaCookie.read();
  if (!mfaToken) redirect(returnTo ? `/sign-in?next=${encodeURIComponent(returnTo)}` : "/sign-in");
  const codeKind: CodeKind = kind === "recovery-code" ? "recovery" : "app";
  return (
    <Card
      heading="Two-factor authentication"
      headingLevel={1}
      footer={
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Not your account? <TextLink href="/sign-in">Start over</TextLink>
        </p>
      }
    >
      <VerifySignInForm
        key={codeKind}
        next={returnTo}
        codeKind={codeKind}
        expired={!(await mfaSignInIsLive(mfaToken))}
      />
    </Card>
  );
}
