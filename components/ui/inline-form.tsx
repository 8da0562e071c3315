"use client";

import type { FormEventHandler, ReactNode } from "react";
import { Button } from "./button";
import type { ButtonVariant } from "./button-styles";
import { cn } from "./cn";

/**
 * A form opened in place of the button that asked for it (a confirmation, a rename, a step of a
 * set-up): a tinted panel with its fields, then the submit button and Cancel. Escape cancels
 * too, except while it is being sent.
 */
export function InlineForm({
  label,
  submit,
  variant = "primary",
  pending,
  onSubmit,
  onCancel,
  children,
}: {
  /** The form's accessible name. */
  label: string;
  submit: ReactNode;
  variant?: ButtonVariant;
  pending: boolean;
  onSubmit: FormEventHandler<HTMLFormElement>;
  onCancel: () => void;
  children: ReactNode;
}) {
  return (
    <form
      onSubmit={onSubmit}
      onKeyDown={(event) => event.key === "Escape" && !pending && onCancel()}
      noValidate
      aria-label={label}
      className={cn(
        "flex flex-col gap-5 rounded-lg border p-4",
        variant === "danger"
          ? "border-red-300 bg-red-50/60 dark:border-red-900 dark:bg-red-950/30"
          : "border-zinc-200 bg-zinc-50/60 dark:border-zinc-800 dark:bg-zinc-950/40",
      )}
    >
      {children}
      <div className="flex flex-wrap gap-3">
        <Button variant={variant} pending={pending}>
          {submit}
        </Button>
        <Button type="button" variant="ghost" disabled={pending} onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
