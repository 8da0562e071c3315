"use client";

import { useActionState, useState } from "react";
import { deleteUserAction, restoreUserAction } from "@/app/admin/users/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import type { FormState } from "@/lib/session/form-state";

/** Why staff cannot delete themselves here (lib/admin/lifecycle.ts refuses it). */
const OWN_DELETE = "You cannot delete your own account here.";

/** Soft delete (after a confirmation) or restore one user; on one's own record, disabled with the reason. */
export function UserLifecycle({ id, deleted, self = false }: { id: string; deleted: boolean; self?: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const [state, formAction] = useActionState(async (_previous: FormState, form: FormData) => {
    setConfirming(false);
    return form.get("do") === "restore" ? restoreUserAction(id) : deleteUserAction(id);
  }, {});

  return (
    <form action={formAction} className="flex flex-col gap-3" aria-label="Delete or restore">
      <FormMessage kind="success">{state.success}</FormMessage>
      <FormMessage>{state.formError}</FormMessage>
      <div className="flex flex-wrap items-center gap-3">
        {deleted ? (
          <Button name="do" value="restore" variant="secondary">
            Restore user
          </Button>
        ) : confirming ? (
          <div role="group" aria-label="Confirm deletion" className="flex flex-wrap items-center gap-3 text-sm">
            <span>Delete this user? Their sessions end at once; they can be restored.</span>
            <Button name="do" value="delete" variant="danger" autoFocus>
              Confirm delete
            </Button>
            <Button type="button" variant="ghost" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
        ) : self ? (
          <>
            <Button type="button" variant="danger" disabled aria-describedby="own-delete-reason">
              Delete user
            </Button>
            <p id="own-delete-reason" className="text-sm text-zinc-600 dark:text-zinc-400">
              {OWN_DELETE}
            </p>
          </>
        ) : (
          <Button type="button" variant="danger" onClick={() => setConfirming(true)}>
            Delete user
          </Button>
        )}
      </div>
    </form>
  );
}
