import type { Metadata } from "next";
import Link from "next/link";
import { buttonStyles } from "@/components/ui/button-styles";
import { StatusPage } from "@/components/status-page";
import { getSessionUser } from "@/lib/session/current-user";

export const metadata: Metadata = { title: "Not allowed" };

// Rendered by forbidden() (e.g. requireStaff) with HTTP status 403. Staff are refused only
// when STAFF_MFA_REQUIRED asks for a second factor they have not set up: say so, and where.
export default async function Forbidden() {
  const user = await getSessionUser();
  if (user?.isStaff) {
    return (
      <StatusPage
        code="403"
        title="Turn on two-factor authentication"
        message="Staff need a second factor (an authenticator app or a passkey) to use the staff console."
      >
        <Link href="/account/security" className={buttonStyles("primary")}>
          Set up two-factor authentication
        </Link>
      </StatusPage>
    );
  }
  return (
    <StatusPage code="403" title="Staff only" message="Your account does not have access to this page.">
      <Link href="/account" className={buttonStyles("primary")}>
        Go to your account
      </Link>
    </StatusPage>
  );
}
