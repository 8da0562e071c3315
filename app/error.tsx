"use client";

import Link from "next/link";
import { StatusPage } from "@/components/status-page";
import { buttonStyles } from "@/components/ui/button-styles";

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  // In production a server error reaches the browser only as an opaque digest that matches the server log.
  const digest = error instanceof Error && "digest" in error ? String(error.digest) : undefined;
  return (
    <StatusPage
      code="Error"
      title="Something went wrong"
      message={
        <>
          The page could not be shown. Please try again in a moment.
          {digest && <span className="mt-2 block text-sm">Reference: {digest}</span>}
        </>
      }
    >
      <button type="button" onClick={() => retry()} className={buttonStyles("primary")}>
        Try again
      </button>
      <Link href="/" className={buttonStyles("secondary")}>
        Go to the home page
      </Link>
    </StatusPage>
  );
}
