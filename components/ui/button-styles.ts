import { cn } from "./cn";

export type ButtonVariant = "primary" | "secondary" | "danger" | "ghost";

/*
 * Filled buttons darken on hover (white text on the lighter -500 shades falls below 4.5:1), and
 * their focus ring is a dark (light in dark mode) outline past a gap: an indigo ring around an
 * indigo button barely shows.
 */
const filledFocus =
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-zinc-900 dark:focus-visible:outline-zinc-100";

const variants: Record<ButtonVariant, string> = {
  primary: cn("bg-indigo-600 text-white shadow-xs hover:bg-indigo-700", filledFocus),
  secondary:
    "bg-white text-zinc-900 shadow-xs ring-1 ring-zinc-300 ring-inset hover:bg-zinc-50 dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-700 dark:hover:bg-zinc-800",
  danger: cn("bg-red-600 text-white shadow-xs hover:bg-red-700", filledFocus),
  ghost: "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
};

/**
 * The classes of a button, so that a link (e.g. a call to action) can look like one.
 * Kept out of button.tsx, a client module, so server components can call it.
 */
export function buttonStyles(variant: ButtonVariant = "primary", className?: string): string {
  return cn(
    "inline-flex items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-semibold transition-colors",
    "disabled:cursor-not-allowed disabled:opacity-60 aria-busy:cursor-wait",
    variants[variant],
    className,
  );
}
