import type { Metadata } from "next";
import Link from "next/link";
import { buttonStyles } from "@/components/ui/button-styles";
import { StatusPage } from "@/components/status-page";

export const metadata: Metadata = { title: "Page not found" };

// Sent with every route (it is the root not-found), so it stays a server component.
export default function NotFound() {
  return (
    <StatusPage
      code="404"
      title="Page not found"
      message="There is no page at this address. It may have moved, or the link may be wrong."
    >
      <Link href="/" className={buttonStyles("primary")}>
        Go to the home page
      </Link>
    </StatusPage>
  );
}
