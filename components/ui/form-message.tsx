import type { ComponentProps } from "react";
import { cn } from "./cn";

export type FormMessageProps = Omit<ComponentProps<"div">, "role"> & {
  /** "error" → role=alert (announced at once); "success" → role=status (announced politely). */
  kind?: "error" | "success";
};

/** A form-level message (not tied to one field). Renders nothing when empty. */
export function FormMessage({ kind = "error", className, children, ...props }: FormMessageProps) {
  if (children === undefined || children === null || children === false || children === "") return null;
  return (
    <div
      {...props}
      role={kind === "error" ? "alert" : "status"}
      className={cn(
        "rounded-md border px-4 py-3 text-sm",
        kind === "error"
          ? "border-red-300 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
          : "border-emerald-300 bg-emerald-50 text-emerald-800 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
        className,
      )}
    >
      {children}
    </div>
  );
}

/** A form's answer from the server: its success message, or its form-level error. */
export function FormMessages({ server }: { server: { success?: string; formError?: string } }) {
  return (
    <>
      <FormMessage kind="success">{server.success}</FormMessage>
      <FormMessage>{server.formError}</FormMessage>
    </>
  );
}
