import type { ReactNode } from "react";

/** The narrow centred column every sign-in, sign-up and recovery page sits in. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return <div className="mx-auto w-full max-w-md px-4 py-12 sm:py-16">{children}</div>;
}
