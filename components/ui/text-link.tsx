import Link from "next/link";
import type { ComponentProps } from "react";
import { cn } from "./cn";

/** An inline link in the app's accent colour. */
export function TextLink({ className, ...props }: ComponentProps<typeof Link>) {
  return (
    <Link {...props} className={cn("font-medium text-indigo-700 hover:underline dark:text-indigo-300", className)} />
  );
}
