"use server";

import { headers } from "next/headers";
import { NotFoundError } from "@/lib/errors";
import { clientInfo } from "@/lib/http/client-ip";
import { logger } from "@/lib/log";
import { getSessionUser } from "@/lib/session/current-user";
import { signOut } from "@/lib/session/next-auth";
import { endSession } from "@/lib/sessions/sessions";

/** Ends the browser's session on the server (so a copied cookie dies too), then drops the cookie. */
export async function signOutAction(): Promise<void> {
  try {
    const user = await getSessionUser();
    if (user) await endSession(user, user.sessionId, { client: clientInfo(await headers()), reason: "sign_out" });
  } catch (error) {
    // Ended meanwhile (elsewhere): nothing left to end. Anything else: the cookie still goes.
    if (!(error instanceof NotFoundError)) logger.error({ err: error }, "sign-out could not end the session");
  }
  await signOut({ redirectTo: "/sign-in?notice=signed-out" });
}
