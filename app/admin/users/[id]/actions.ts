"use server";

import { refresh } from "next/cache";
import { resetTwoFactor, sendPasswordReset, signOutEverywhere, unlockUser } from "@/lib/admin/security-actions";
import type { FormState } from "@/lib/session/form-state";
import { staffAction } from "@/lib/session/staff-action";

/** The "Security actions" of a user's page: the same domain functions as /api/admin/users/{id}/…. */

const sessions = (count: number) => `${count} session${count === 1 ? "" : "s"}`;

export async function signOutEverywhereAction(id: string): Promise<FormState> {
  return staffAction(async (staff) => {
    const ended = await signOutEverywhere(staff, id);
    refresh();
    return { success: ended > 0 ? `Signed out everywhere: ${sessions(ended)} ended.` : "No live sessions to end." };
  });
}

export async function unlockAction(id: string): Promise<FormState> {
  return staffAction(async (staff) => {
    const cleared = await unlockUser(staff, id);
    refresh();
    return {
      success: cleared
        ? "Unlocked: failed sign-ins are forgotten, from every address."
        : "Nothing to unlock: no failed sign-ins were counted.",
    };
  });
}

export async function resetTwoFactorAction(id: string): Promise<FormState> {
  return staffAction(async (staff) => {
    await resetTwoFactor(staff, id);
    refresh();
    return { success: "Two-factor authentication reset: their password alone signs them in." };
  });
}

export async function sendPasswordResetAction(id: string): Promise<FormState> {
  return staffAction(async (staff) => {
    const ended = await sendPasswordReset(staff, id);
    refresh();
    return { success: `Password reset code sent; ${sessions(ended)} ended.` };
  });
}
