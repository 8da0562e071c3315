"use server";

import { refresh } from "next/cache";
import { applyBulkAction, applyBulkActionToMatching } from "@/lib/admin/bulk";
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

const plural = (n: number) => `${n.toLocaleString("en-US")} user${n === 1 ? "" : "s"}`;

/**
 * The bulk bar's form: `action` (which button), and either the checked `ids` or, with
 * `scope=matching`, the listing's filter (`filter.q`, `filter.isActive`, …): every user it matches.
 */
export async function bulkUsersAction(_previous: FormState, form: FormData): Promise<FormState> {
  return staffAction(async (staff) => {
    const action = String(form.get("action") ?? "");
    const [verb] = DONE[action] ?? ["Changed"];
    if (form.get("scope") === "matching") {
      const filter: Record<string, string> = {};
      for (const [key, value] of form.entries())
        if (key.startsWith("filter.") && typeof value === "string") filter[key.slice(7)] = value;
      const { updated } = await applyBulkActionToMatching(staff, { action, filter });
      refresh();
      return { success: `${verb} ${plural(updated)}.` };
    }
    const ids = form.getAll("ids").map(String);
    const { updated } = await applyBulkAction(staff, { action, ids });
    refresh();
    const skipped = ids.length - updated;
    return {
      success: `${verb} ${plural(updated)}.${skipped > 0 ? ` ${skipped} already had that state (or were you).` : ""}`,
    };
  });
}

/** The row menu's Activate / Deactivate. */
export async function setUserActiveAction(id: string, isActive: boolean): Promise<FormState> {
  return staffAction(async (staff) => {
    const user = await updateUser(staff, id, { isActive });
    refresh();
    return { success: `${isActive ? "Activated" : "Deactivated"} ${user.username}.` };
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
