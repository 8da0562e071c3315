import type { ReactNode } from "react";

/** A titled part of a user's page, in a bordered box like the edit form's groups. */
export function UserSection({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="flex flex-col gap-3">
      <div className="flex flex-col gap-1">
        <h2 id={id} className="text-lg font-semibold">
          {title}
        </h2>
        {description && <p className="text-sm text-zinc-600 dark:text-zinc-400">{description}</p>}
      </div>
      <div className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">{children}</div>
    </section>
  );
}
