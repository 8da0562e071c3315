"use client";

import type { ComponentProps, ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { buttonStyles, type ButtonVariant } from "./button-styles";

export type ButtonProps = ComponentProps<"button"> & {
  variant?: ButtonVariant;
  /** Submitting: the button is disabled, aria-busy and shows a spinner. Defaults to the enclosing form action's pending state. */
  pending?: boolean;
  /** Label while pending (e.g. "Signing in…"); the normal label is kept when omitted. */
  pendingText?: ReactNode;
};

export function Button({
  variant = "primary",
  pending,
  pendingText,
  disabled,
  className,
  children,
  type = "submit",
  ...props
}: ButtonProps) {
  // useFormStatus covers <form action={serverAction}>; react-hook-form callers pass `pending`.
  const formStatus = useFormStatus();
  const busy = pending ?? formStatus.pending;
  return (
    <button
      {...props}
      type={type}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      className={buttonStyles(variant, className)}
    >
      {busy && <Spinner />}
      {busy && pendingText ? pendingText : children}
    </button>
  );
}

function Spinner() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" fill="none" className="size-4 motion-safe:animate-spin">
      <circle cx="12" cy="12" r="10" stroke="currentColor" strokeWidth="4" className="opacity-25" />
      <path d="M4 12a8 8 0 0 1 8-8v4a4 4 0 0 0-4 4H4z" fill="currentColor" className="opacity-75" />
    </svg>
  );
}
