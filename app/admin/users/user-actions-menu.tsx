"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { RowMenu, type RowMenuItem } from "@/components/ui/row-menu";
import type { FormState } from "@/lib/session/form-state";
import { deleteUserAction, restoreUserAction, setUserActiveAction } from "./actions";

type Row = { id: string; username: string; isActive: boolean; deleted: boolean };

function announce(state: FormState) {
  if (state.success) return toast.success(state.success);
  const message =
    state.formError ??
    Object.values(state.fieldErrors ?? {})
      .flat()
      .join(" ");
  toast.error(message || "That did not work. Try again.");
}

/** A row's own actions (the same server actions as the detail page), answered by a toast. */
export function UserActionsMenu({ user }: { user: Row }) {
  const [confirming, setConfirming] = useState(false);
  const [, startTransition] = useTransition();
  const run = (action: () => Promise<FormState>) => {
    setConfirming(false);
    startTransition(async () => {
      announce(await action());
    });
  };

  const items: RowMenuItem[] = confirming
    ? [
        { label: "Confirm delete", tone: "danger", onSelect: () => run(() => deleteUserAction(user.id)) },
        { label: "Cancel", onSelect: () => setConfirming(false) },
      ]
    : [
        { label: "View details", href: `/admin/users/${user.id}` },
        user.isActive
          ? { label: "Deactivate", onSelect: () => run(() => setUserActiveAction(user.id, false)) }
          : { label: "Activate", onSelect: () => run(() => setUserActiveAction(user.id, true)) },
        user.deleted
          ? { label: "Restore", onSelect: () => run(() => restoreUserAction(user.id)) }
          : { label: "Delete…", tone: "danger", keepOpen: true, onSelect: () => setConfirming(true) },
      ];

  return (
    <RowMenu
      label={`Actions for ${user.username}`}
      items={items}
      onClose={() => setConfirming(false)}
      note={confirming ? `Delete ${user.username}? Their sessions end at once; they can be restored.` : undefined}
    />
  );
}
