import Link from "next/link";
import { unstable_rethrow } from "next/navigation";
import { signOutAction } from "@/app/(account)/account/actions";
import type { SessionUser } from "@/lib/accounts/token-user";
import { logger } from "@/lib/log";
import { getSessionUser } from "@/lib/session/current-user";
import { AccountMenu } from "./account-menu";
import { buttonStyles } from "./ui/button-styles";
import { cn } from "./ui/cn";

export async function SiteHeader() {
  const user = await headerUser();
  return (
    <header className="border-b border-zinc-200 bg-white/80 dark:border-zinc-800 dark:bg-zinc-950/80">
      <nav aria-label="Main" className="mx-auto flex h-16 max-w-5xl items-center justify-between gap-4 px-4 sm:px-6">
        <Link href="/" className="flex items-center gap-2 rounded-md text-lg font-semibold tracking-tight">
          <Logo />
          {/* Signed out, a 390 px header has three links beside it: the logo carries the name alone. */}
          <span className={user ? undefined : "max-sm:sr-only"}>Accounts</span>
        </Link>
        <div className="flex items-center gap-1 sm:gap-2">
          <Link href="/docs/api" className={cn(buttonStyles("ghost"), "whitespace-nowrap")}>
            API
          </Link>
          {user ? (
            <AccountMenu username={user.username} initials={initials(user.username)}>
              <UserMenuItems user={user} />
            </AccountMenu>
          ) : (
            <>
              <Link href="/sign-in" className={cn(buttonStyles("ghost"), "whitespace-nowrap")}>
                Sign in
              </Link>
              <Link href="/sign-up" className={cn(buttonStyles("primary"), "whitespace-nowrap")}>
                Create account
              </Link>
            </>
          )}
        </div>
      </nav>
    </header>
  );
}

/** The signed-in user, or none when the database cannot say: the header must not take the page down. */
async function headerUser(): Promise<SessionUser | undefined> {
  try {
    return await getSessionUser();
  } catch (error) {
    unstable_rethrow(error); // Next's own signals (a page rendered per request) are not faults.
    logger.error({ err: error }, "header could not read the signed-in user");
    return undefined;
  }
}

// Inset focus ring: the panel's edge would hide half of one drawn outside.
const itemStyles =
  "block w-full px-4 py-2 text-left text-zinc-700 hover:bg-zinc-100 focus-visible:-outline-offset-2 dark:text-zinc-200 dark:hover:bg-zinc-800";

function UserMenuItems({ user }: { user: SessionUser }) {
  const links: Array<[string, string]> = [
    ["Account", "/account"],
    ["Security", "/account/security"],
  ];
  if (user.isStaff) links.push(["Staff console", "/admin/users"]);
  return (
    <>
      <p className="truncate border-b border-zinc-200 px-4 pt-2 pb-3 text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
        Signed in as <span className="font-semibold text-zinc-900 dark:text-zinc-100">{user.username}</span>
      </p>
      <ul className="py-1">
        {links.map(([label, href]) => (
          <li key={href}>
            <Link href={href} className={itemStyles}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
      <form action={signOutAction} className="border-t border-zinc-200 pt-1 dark:border-zinc-700">
        <button type="submit" className={itemStyles}>
          Sign out
        </button>
      </form>
    </>
  );
}

/** Up to two letters: the first of each of the first two words of the username ("ada_lovelace" → "AL"). */
function initials(username: string): string {
  const words = username.split(/[_.-]+/).filter((word) => /^[a-z]/i.test(word));
  return (words.length > 0 ? words.slice(0, 2).map((word) => word[0]) : [username[0]]).join("").toUpperCase();
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
