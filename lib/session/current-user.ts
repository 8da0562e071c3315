import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { userForClaims, type SessionUser } from "@/lib/accounts/token-user";
import { auth } from "@/lib/session/next-auth";
import { hasStaffSecondFactor } from "@/lib/two-factor/staff-requirement";

/**
 * The signed-in user of a page or server action, checked against the database on every request:
 * a cookie whose session has ended (sign-out, ended from another device, a reset, deactivation,
 * deletion) counts as none. Read once per request (React's cache): the header and the page ask too.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | undefined> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId || !session.sessionId) return undefined;
  return userForClaims({ userId, sessionId: session.sessionId });
});

/** The signed-in user, or a redirect to /sign-in that comes back here afterwards. */
export async function requireUser(returnTo: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return user;
}

/**
 * The signed-in staff user of a staff page: signed out → /sign-in and back; signed in without
 * staff access, or without the second factor STAFF_MFA_REQUIRED asks for → the 403 page
 * (app/forbidden.tsx, HTTP 403, which says which). Call it in every staff page.
 */
export async function requireStaff(returnTo: string): Promise<SessionUser> {
  const user = await requireUser(returnTo);
  if (!user.isStaff || !(await hasStaffSecondFactor(user))) forbidden();
  return user;
}
