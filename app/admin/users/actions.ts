"use server";

import { refresh } from "next/cache";
import { applyBulkAction } from "@/lib/admin/bulk";
import { restoreUser, softDeleteUser } from "@/lib/admin/lifecycle";
import { updateUser } from "@/lib/admin/update-user";
import type { FormState } from "@/lib/session/form-state";
import { staffAction } from "@/lib/session/staff-action";

const DONE: Record<string, [one: string, many: string]> = {
  activate: ["Activated", "activated"],
  deactivate: ["Deactivated", "deactivated"],
  delete: ["Deleted", "deleted"],
  restore: ["Restored", "restored"],
};

/** The bulk bar's form: `action` (which button) and the checked `ids`. */
export async function bulkUsersAction(_previous: FormState, form: FormData): Promise<FormState> {
  return staffAction(async (staff) => {
    const action = String(form.get("action") ?? "");
    const ids = form.getAll("ids").map(String);
    const { updated } = await applyBulkAction(staff, { action, ids });
    refresh();
    const [verb] = DONE[action] ?? ["Changed"];
    const skipped = ids.length - updated;
    return {
      success: `${verb} ${updated} user${updated === 1 ? "" : "s"}.${skipped > 0 ? ` ${skipped} already had that state (or were you).` : ""}`,
    };
  });
}

export async function updateUserAction(id: string, values: unknown): Promise<FormState> {
  return staffAction(async (staff) => {
    await updateUser(staff, id, values);
    refresh();
    return { success: "Saved." };
  });
}

export async function deleteUserAction(id: string): Promise<FormState> {
  return staffAction(async (staff) => {
    await softDeleteUser(staff, id);
    refresh();
    return { success: "User deleted. Their sessions and tokens no longer work." };
  });
}

export async function restoreUserAction(id: string): Promise<FormState> {
  return staffAction(async (staff) => {
    await restoreUser(staff, id);
    refresh();
    return { success: "User restored. They can sign in again." };
  });
}
