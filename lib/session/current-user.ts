import { forbidden, redirect } from "next/navigation";
import { userForClaims, type TokenUser } from "@/lib/accounts/token-user";
import { auth } from "@/lib/session/next-auth";

/**
 * The signed-in user of a page or server action, checked against the database on every call:
 * a session whose token version is stale (password reset, deactivation, deletion) counts as none.
 */
export async function getSessionUser(): Promise<TokenUser | undefined> {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId || typeof session.tokenVersion !== "number") return undefined;
  return userForClaims({ userId, tokenVersion: session.tokenVersion });
}

/** The signed-in user, or a redirect to /sign-in that comes back here afterwards. */
export async function requireUser(returnTo: string): Promise<TokenUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return user;
}

/**
 * The signed-in staff user of a staff page: signed out → /sign-in and back; signed in without
 * staff access → the 403 page (app/forbidden.tsx, HTTP 403). Call it in every staff page.
 */
export async function requireStaff(returnTo: string): Promise<TokenUser> {
  const user = await requireUser(returnTo);
  if (!user.isStaff) forbidden();
  return user;
}
