import Link from "next/link";
import { buttonStyles } from "./ui/button-styles";

export function SiteHeader() {
  return (
    <header className="border-b border-zinc-200 bg-white/80 dark:border-zinc-800 dark:bg-zinc-950/80">
      <nav aria-label="Main" className="mx-auto flex h-16 max-w-5xl items-center justify-between gap-4 px-4 sm:px-6">
        <Link href="/" className="flex items-center gap-2 rounded-md text-lg font-semibold tracking-tight">
          <Logo />
          Accounts
        </Link>
        <div className="flex items-center gap-2">
          <Link href="/sign-in" className={buttonStyles("ghost")}>
            Sign in
          </Link>
          <Link href="/sign-up" className={buttonStyles("primary")}>
            Create account
          </Link>
        </div>
      </nav>
    </header>
  );
}

function Logo() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="size-7 text-indigo-600 dark:text-indigo-400">
      <rect width="24" height="24" rx="6" fill="currentColor" />
      <circle cx="12" cy="9.5" r="3.5" fill="white" />
      <path d="M5.5 19c1.2-3 3.7-4.5 6.5-4.5s5.3 1.5 6.5 4.5" fill="white" />
    </svg>
  );
}
