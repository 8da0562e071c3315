import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Toaster } from "sonner";
import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Accounts", template: "%s · Accounts" },
  description:
    "Self-hosted user accounts: sign up, sign in by username or phone, password recovery by e-mailed code, and a staff console.",
};

export const viewport: Viewport = {
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

export default function RootLayout({ children }: Readonly<{ children: ReactNode }>) {
  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col bg-white text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <a
          href="#main"
          className="sr-only rounded-md bg-white font-medium text-zinc-900 shadow-lg focus:not-sr-only focus:fixed focus:px-4 focus:py-2 focus:top-3 focus:left-3 focus:z-50 dark:bg-zinc-900 dark:text-zinc-100"
        >
          Skip to main content
        </a>
        <SiteHeader />
        {/* tabIndex -1: the skip link can move focus here; it is never a Tab stop itself. */}
        <main id="main" tabIndex={-1} className="flex flex-1 flex-col outline-none">
          {children}
        </main>
        <SiteFooter />
        {/* Success notes that go away: a polite live region (announced), Alt+T reaches them. */}
        <Toaster theme="system" closeButton />
      </body>
    </html>
  );
}
