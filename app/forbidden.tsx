import type { Metadata } from "next";
import Link from "next/link";
import { buttonStyles } from "@/components/ui/button-styles";
import { StatusPage } from "@/components/status-page";

export const metadata: Metadata = { title: "Not allowed" };

// Rendered by forbidden() (e.g. requireStaff) with HTTP status 403.
export default function Forbidden() {
  return (
    <StatusPage code="403" title="Staff only" message="Your account does not have access to this page.">
      <Link href="/account" className={buttonStyles("primary")}>
        Go to your account
      </Link>
    </StatusPage>
  );
}
