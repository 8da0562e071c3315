"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { bulkUsersAction } from "@/app/admin/users/actions";
import { buttonStyles } from "@/components/ui/button-styles";
import { FormMessage } from "@/components/ui/form-message";

/** The checkboxes named "ids" that belong to the form (rows use form="…" to join it). */
export function idBoxes(form: HTMLFormElement | null): HTMLInputElement[] {
  if (!form) return [];
  return Array.from(form.elements).filter(
    (el): el is HTMLInputElement => el instanceof HTMLInputElement && el.name === "ids",
  );
}

/**
 * The bulk actions over the rows checked in the table. The table and its checkboxes are
 * server-rendered; this is the only client code of the listing: the count, the deletion
 * confirmation and the result message. The change itself is a server action (lib/admin).
 */
export function BulkActionBar({ formId }: { formId: string }) {
  const [state, formAction, pending] = useActionState(bulkUsersAction, {});
  const formRef = useRef<HTMLFormElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const [selected, setSelected] = useState(0);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    const count = () => setSelected(idBoxes(formRef.current).filter((box) => box.checked).length);
    count();
    document.addEventListener("change", count);
    return () => document.removeEventListener("change", count);
  }, []);

  // After a change, start again from an empty selection.
  useEffect(() => {
    if (!state.success) return;
    for (const box of idBoxes(formRef.current)) box.checked = false;
    document.dispatchEvent(new Event("change"));
    setConfirming(false);
  }, [state]);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const none = selected === 0 || pending;
  const error =
    state.formError ??
    Object.values(state.fieldErrors ?? {})
      .flat()
      .join(" ");
  const button = (action: string, label: string) => (
    <button type="submit" name="action" value={action} disabled={none} className={buttonStyles("secondary")}>
      {label}
    </button>
  );

  return (
    <form id={formId} ref={formRef} action={formAction} aria-label="Bulk actions" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <p className="mr-2 text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
          {selected} selected
        </p>
        {button("activate", "Activate")}
        {button("deactivate", "Deactivate")}
        {button("restore", "Restore")}
        <button type="button" disabled={none} onClick={() => setConfirming(true)} className={buttonStyles("danger")}>
          Delete
        </button>
      </div>
      {confirming && (
        <div
          role="group"
          aria-label="Confirm deletion"
          className="flex flex-wrap items-center gap-3 rounded-md border border-red-300 bg-red-50 p-3 text-sm dark:border-red-800 dark:bg-red-950"
        >
          <span>
            Delete {selected} user{selected === 1 ? "" : "s"}? Their sessions end at once; they can be restored.
          </span>
          <button
            ref={confirmRef}
            type="submit"
            name="action"
            value="delete"
            disabled={none}
            className={buttonStyles("danger")}
          >
            Confirm delete
          </button>
          <button type="button" onClick={() => setConfirming(false)} className={buttonStyles("ghost")}>
            Cancel
          </button>
        </div>
      )}
      <FormMessage kind="success">{pending ? undefined : state.success}</FormMessage>
      <FormMessage>{pending ? undefined : error || undefined}</FormMessage>
    </form>
  );
}

/** "Select all on this page", kept in step with the row boxes (indeterminate when some are). */
export function SelectAllBox({ formId }: { formId: string }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const sync = () => {
      const boxes = idBoxes(document.getElementById(formId) as HTMLFormElement | null);
      const checked = boxes.filter((box) => box.checked).length;
      if (!ref.current) return;
      ref.current.checked = checked > 0 && checked === boxes.length;
      ref.current.indeterminate = checked > 0 && checked < boxes.length;
    };
    sync();
    document.addEventListener("change", sync);
    return () => document.removeEventListener("change", sync);
  }, [formId]);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label="Select all users on this page"
      className="size-4"
      onChange={(event) => {
        for (const box of idBoxes(document.getElementById(formId) as HTMLFormElement | null))
          box.checked = event.target.checked;
        document.dispatchEvent(new Event("change"));
      }}
    />
  );
}
