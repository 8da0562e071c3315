"use client";

import { useId, useState } from "react";
import { Field, type FieldProps } from "./field";

export type PasswordFieldProps = Omit<FieldProps, "type" | "end">;

/**
 * A Field for passwords with a show/hide toggle. The toggle's name ("Show password" /
 * "Hide password") comes from its text, not aria-label, so getByLabel("Password") still
 * finds only the input.
 */
export function PasswordField({ id, ...props }: PasswordFieldProps) {
  const [visible, setVisible] = useState(false);
  const autoId = useId();
  const inputId = id ?? autoId;

  return (
    <Field
      {...props}
      id={inputId}
      type={visible ? "text" : "password"}
      autoCapitalize="none"
      spellCheck={false}
      end={
        <button
          type="button"
          aria-controls={inputId}
          onClick={() => setVisible((shown) => !shown)}
          className="rounded px-2 py-1 text-sm font-medium text-indigo-700 hover:bg-zinc-100 dark:text-indigo-300 dark:hover:bg-zinc-800"
        >
          {visible ? "Hide" : "Show"}
          <span className="sr-only"> password</span>
        </button>
      }
    />
  );
}
