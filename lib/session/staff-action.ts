import type { SessionUser } from "@/lib/accounts/token-user";
import { getSessionUser } from "@/lib/session/current-user";
import type { FormState } from "@/lib/session/form-state";
import { runAction } from "@/lib/session/run-action";
import { assertStaffSecondFactor } from "@/lib/two-factor/staff-requirement";

/**
 * runAction for the staff console's server actions: the session must be a staff user's,
 * checked on the server for every call (a page that rendered the button proves nothing), with
 * the second factor STAFF_MFA_REQUIRED may ask for.
 * Failures map as in runAction.
 */
export function staffAction(fn: (staff: SessionUser) => Promise<FormState | void>): Promise<FormState> {
  return runAction({}, async () => {
    const staff = await getSessionUser();
    if (!staff) return { formError: "Your session has ended. Sign in again." };
    if (!staff.isStaff) return { formError: "Only staff can do this." };
    await assertStaffSecondFactor(staff);
    return fn(staff);
  });
}
