import Link from "next/link";
import type { ReactNode } from "react";
import { buttonStyles } from "@/components/ui/button-styles";

const features: Array<{ title: string; body: string; icon: ReactNode }> = [
  {
    title: "Sign up",
    body: "A username, a phone number and, if you like, an e-mail address. Weak and common passwords are refused; passwords are only ever stored as slow salted hashes.",
    icon: <path d="M12 5v14M5 12h14" />,
  },
  {
    title: "Sign in by username or phone",
    body: "Any common way of writing your phone number works. Repeated wrong passwords lock out the guesser, not you.",
    icon: <path d="M7 11V8a5 5 0 0 1 10 0v3M5 11h14v9H5z" />,
  },
  {
    title: "Password recovery by e-mailed code",
    body: "Forgot your password? A six-digit code arrives by e-mail. Resetting it signs out every other session at once.",
    icon: <path d="M3 6h18v12H3zM3 7l9 6 9-6" />,
  },
  {
    title: "Staff console",
    body: "Search, filter and sort users; activate, deactivate, delete or restore them in bulk; export to CSV.",
    icon: <path d="M4 5h16M4 12h16M4 19h10" />,
  },
];

export default function HomePage() {
  return (
    <div className="mx-auto flex w-full max-w-5xl flex-col gap-16 px-4 py-16 sm:px-6 sm:py-24">
      <section aria-labelledby="intro" className="flex max-w-2xl flex-col gap-6">
        <p className="text-sm font-semibold tracking-wide text-indigo-700 uppercase dark:text-indigo-300">
          Self-hosted accounts
        </p>
        <h1 id="intro" className="text-4xl font-bold tracking-tight text-balance sm:text-5xl">
          User accounts you run yourself
        </h1>
        <p className="text-lg text-pretty text-zinc-600 dark:text-zinc-400">
          Sign-up, sign-in and password recovery for your users, and a console for your staff — on your own servers,
          with your own database.
        </p>
        <div className="flex flex-wrap gap-3">
          <Link href="/sign-up" className={buttonStyles("primary", "px-5 py-2.5 text-base")}>
            Get started
          </Link>
          <Link href="/sign-in" className={buttonStyles("secondary", "px-5 py-2.5 text-base")}>
            I already have an account
          </Link>
        </div>
      </section>

      <section aria-labelledby="features" className="flex flex-col gap-6">
        <h2 id="features" className="text-2xl font-semibold tracking-tight">
          What it does
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2">
          {features.map((feature) => (
            <li
              key={feature.title}
              className="flex gap-4 rounded-xl border border-zinc-200 bg-zinc-50 p-5 dark:border-zinc-800 dark:bg-zinc-900"
            >
              <svg
                aria-hidden="true"
                viewBox="0 0 24 24"
                fill="none"
                stroke="currentColor"
                strokeWidth="2"
                strokeLinecap="round"
                strokeLinejoin="round"
                className="mt-0.5 size-6 shrink-0 text-indigo-600 dark:text-indigo-400"
              >
                {feature.icon}
              </svg>
              <div className="flex flex-col gap-1">
                <h3 className="font-semibold">{feature.title}</h3>
                <p className="text-sm text-zinc-600 dark:text-zinc-400">{feature.body}</p>
              </div>
            </li>
          ))}
        </ul>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Staff members sign in as usual and find the console at{" "}
          <Link
            href="/admin/users"
            className="font-medium text-indigo-700 underline-offset-4 hover:underline dark:text-indigo-300"
          >
            the staff console
          </Link>
          . Third-party apps get the same rules through a JSON API.
        </p>
      </section>
    </div>
  );
}
