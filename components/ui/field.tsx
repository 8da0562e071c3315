import { useId, type ComponentProps, type ReactNode } from "react";
import { cn } from "./cn";

export type FieldProps = ComponentProps<"input"> & {
  label: ReactNode;
  /** The field's error, shown under it and announced with it (aria-describedby, aria-invalid). */
  error?: string;
  /** Help text, also linked by aria-describedby. */
  hint?: ReactNode;
  /** Rendered inside the input's right edge, e.g. PasswordField's toggle. */
  end?: ReactNode;
  /** Classes for the wrapper (layout); the input keeps its own look. */
  className?: string;
};

/**
 * A labelled input with its hint and error. Spread react-hook-form's `register()` into it:
 * React 19 passes `ref` as an ordinary prop, so no forwardRef.
 */
export function Field({ label, error, hint, end, className, id, ...input }: FieldProps) {
  const autoId = useId();
  const inputId = id ?? autoId;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  const describedBy = [input["aria-describedby"], hintId, errorId].filter(Boolean).join(" ");

  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <label htmlFor={inputId} className="text-sm font-medium text-zinc-900 dark:text-zinc-100">
        {label}
      </label>
      <div className="relative">
        <input
          {...input}
          id={inputId}
          aria-invalid={error ? true : input["aria-invalid"]}
          aria-describedby={describedBy || undefined}
          className={cn(
            "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-base text-zinc-900 shadow-xs sm:text-sm",
            "placeholder:text-zinc-400 focus-visible:border-indigo-600 focus-visible:outline-offset-0",
            "disabled:cursor-not-allowed disabled:opacity-60",
            "aria-invalid:border-red-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:aria-invalid:border-red-400",
            end ? "pr-20" : undefined,
          )}
        />
        {end && <div className="absolute inset-y-0 right-0 flex items-center pr-1.5">{end}</div>}
      </div>
      {hint && (
        <p id={hintId} className="text-sm text-zinc-600 dark:text-zinc-400">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-sm font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
