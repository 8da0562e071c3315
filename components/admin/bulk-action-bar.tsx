"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { bulkUsersAction } from "@/app/admin/users/actions";
import { buttonStyles } from "@/components/ui/button-styles";
import { FormMessage } from "@/components/ui/form-message";
import { formatCount } from "./format";

/** The checkboxes named "ids" that belong to the form (rows use form="…" to join it). */
export function idBoxes(form: HTMLFormElement | null): HTMLInputElement[] {
  if (!form) return [];
  return Array.from(form.elements).filter(
    (el): el is HTMLInputElement => el instanceof HTMLInputElement && el.name === "ids",
  );
}

export type Matching = {
  /** How many users the view matches, as the listing counted them. */
  total: number;
  /** false: `total` is an estimate or a lower bound ("about 22,000", "10,000+"). */
  exact: boolean;
  /** The view's filter, sent instead of ids when every matching user is selected. */
  filter: Record<string, string>;
  /** The most users one "all matching" action may change. */
  max: number;
};

/**
 * The bulk actions over the rows checked in the table, or over every user the view matches
 * ("Select all N matching", which sends the filter rather than ids, so it reaches users on
 * other pages). The table and its checkboxes are server-rendered; this holds the count, the
 * deletion confirmation and the outcome (a toast; an error stays beside the buttons).
 */
export function BulkActionBar({ formId, matching }: { formId: string; matching: Matching }) {
  const [state, formAction, pending] = useActionState(bulkUsersAction, {});
  const formRef = useRef<HTMLFormElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const [checked, setChecked] = useState({ selected: 0, onPage: 0 });
  const [allMatching, setAllMatching] = useState(false);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    const count = () => {
      const boxes = idBoxes(formRef.current);
      const selected = boxes.filter((box) => box.checked).length;
      setChecked({ selected, onPage: boxes.length });
      // Unchecking a row narrows the selection back to the rows checked.
      if (selected < boxes.length) setAllMatching(false);
    };
    count();
    document.addEventListener("change", count);
    return () => document.removeEventListener("change", count);
  }, []);

  const clearSelection = () => {
    for (const box of idBoxes(formRef.current)) box.checked = false;
    document.dispatchEvent(new Event("change"));
    setAllMatching(false);
    setConfirming(false);
  };

  // After a change, start again from an empty selection, and say what happened.
  useEffect(() => {
    if (!state.success) return;
    toast.success(state.success);
    clearSelection();
  }, [state]);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const { selected, onPage } = checked;
  const matchText = `${matching.exact ? "" : "about "}${formatCount(matching.total)}`;
  const count = allMatching ? matchText : formatCount(selected);
  const canSelectMatching = matching.total <= matching.max && (matching.exact || matching.total < matching.max);
  const offerMatching = !allMatching && onPage > 0 && selected === onPage && matching.total > onPage;
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
      {allMatching && (
        <>
          <input type="hidden" name="scope" value="matching" />
          {Object.entries(matching.filter).map(([key, value]) => (
            <input key={key} type="hidden" name={`filter.${key}`} value={value} />
          ))}
        </>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <p className="mr-2 text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
          {count} selected
        </p>
        {button("activate", "Activate")}
        {button("deactivate", "Deactivate")}
        {button("restore", "Restore")}
        <button type="button" disabled={none} onClick={() => setConfirming(true)} className={buttonStyles("danger")}>
          Delete
        </button>
      </div>
      {(offerMatching || allMatching) && (
        <div className="flex flex-wrap items-center gap-2 rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-950 dark:bg-indigo-950 dark:text-indigo-50">
          {allMatching ? (
            <>
              <span>All {matchText} matching users are selected.</span>
              <button type="button" onClick={clearSelection} className="font-semibold underline">
                Clear selection
              </button>
            </>
          ) : (
            <>
              <span>All {formatCount(onPage)} users on this page are selected.</span>
              {canSelectMatching ? (
                <button type="button" onClick={() => setAllMatching(true)} className="font-semibold underline">
                  Select all {matchText} matching
                </button>
              ) : (
                <span>More than {formatCount(matching.max)} users match: narrow the filter to act on all of them.</span>
              )}
            </>
          )}
        </div>
      )}
      {confirming && (
        <div
          role="group"
          aria-label="Confirm deletion"
          className="flex flex-wrap items-center gap-3 rounded-md border border-red-300 bg-red-50 p-3 text-sm dark:border-red-800 dark:bg-red-950"
        >
          <span>
            Delete {allMatching ? `all ${count} matching users` : `${count} user${selected === 1 ? "" : "s"}`}? Their
            sessions end at once; they can be restored.
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
