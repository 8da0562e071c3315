"use client";

import Link from "next/link";
import { StatusPage } from "@/components/status-page";
import { buttonStyles } from "@/components/ui/button-styles";
import "./globals.css";

// Replaces the root layout when it fails, so it brings its own document and styles.
export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col bg-white text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <title>Something went wrong · Accounts</title>
        <main className="flex flex-1 flex-col">
          <StatusPage
            code="Error"
            title="Something went wrong"
            message="The app could not be shown. Please try again in a moment."
          >
            <button type="button" onClick={() => retry()} className={buttonStyles("primary")}>
              Try again
            </button>
            <Link href="/" className={buttonStyles("secondary")}>
              Go to the home page
            </Link>
          </StatusPage>
        </main>
      </body>
    </html>
  );
}
