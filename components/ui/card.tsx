import { useId, type ComponentProps, type ReactNode } from "react";
import { cn } from "./cn";

export type CardProps = Omit<ComponentProps<"section">, "title"> & {
  heading?: ReactNode;
  /** 1 when the card is the page (sign-in, sign-up…); 2 by default. */
  headingLevel?: 1 | 2 | 3;
  description?: ReactNode;
  /** Below the body, separated: e.g. "Already have an account? Sign in". */
  footer?: ReactNode;
};

export function Card({ heading, headingLevel = 2, description, footer, className, children, ...props }: CardProps) {
  const headingId = useId();
  const Heading = `h${headingLevel}` as const;
  return (
    <section
      aria-labelledby={heading ? headingId : undefined}
      {...props}
      className={cn(
        "rounded-xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900",
        className,
      )}
    >
      <div className="flex flex-col gap-6 p-6 sm:p-8">
        {(heading || description) && (
          <header className="flex flex-col gap-1.5">
            {heading && (
              <Heading id={headingId} className="text-xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">
                {heading}
              </Heading>
            )}
            {description && <div className="text-sm text-zinc-600 dark:text-zinc-400">{description}</div>}
          </header>
        )}
        {children}
      </div>
      {footer && (
        <div className="rounded-b-xl border-t border-zinc-200 bg-zinc-50 px-6 py-4 text-sm text-zinc-600 sm:px-8 dark:border-zinc-800 dark:bg-zinc-950/40 dark:text-zinc-400">
          {footer}
        </div>
      )}
    </section>
  );
}
