"use server";

import { refresh } from "next/cache";
import { NotFoundError } from "@/lib/errors";
import type { FormState } from "@/lib/session/form-state";
import { endOtherSessions, endSession } from "@/lib/sessions/sessions";
import { userAction } from "@/lib/session/user-action";

/**
 * The session list's one form: its submit button names what to end, a session's id or "others"
 * (every session but this one). The page re-renders with the sessions still live.
 */
export async function endSessionsAction(_previous: FormState, form: FormData): Promise<FormState> {
  return userAction({ returnTo: "/account/security" }, async (user, client) => {
    const which = String(form.get("session") ?? "");
    if (which === "others") {
      const ended = await endOtherSessions(user, user.sessionId, { client, reason: "revoked_others" });
      refresh();
      return { success: `Signed out of ${ended} other session${ended === 1 ? "" : "s"}.` };
    }
    if (which === user.sessionId) return { formError: "This is the session you are using: Sign out ends it." };
    try {
      await endSession(user, which, { client, reason: "revoked" });
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      refresh();
      return { formError: "That session had already ended." };
    }
    refresh();
    return { success: "Session ended. That device is signed out." };
  });
}
