import { useId, type ReactNode } from "react";

/** A titled part of an account card (h3 under the card's h2), set off by a rule. */
export function Subsection({
  title,
  description,
  children,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <section
      aria-labelledby={headingId}
      className="flex flex-col gap-4 border-t border-zinc-200 pt-6 dark:border-zinc-800"
    >
      <header className="flex flex-col gap-1">
        <h3 id={headingId} className="text-base font-semibold text-zinc-900 dark:text-zinc-50">
          {title}
        </h3>
        {description && <p className="text-sm text-zinc-600 dark:text-zinc-400">{description}</p>}
      </header>
      {children}
    </section>
  );
}
