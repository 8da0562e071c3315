import Link from "next/link";
import type { ReactNode } from "react";

// Navigation only: every staff page checks the session itself (requireStaff).
export default function AdminLayout({ children }: { children: ReactNode }) {
  return (
    <div className="mx-auto flex w-full max-w-6xl flex-col gap-6 px-4 py-8 sm:px-6">
      <nav
        aria-label="Staff console"
        className="flex flex-wrap gap-x-4 gap-y-2 border-b border-zinc-200 pb-3 text-sm font-medium dark:border-zinc-800"
      >
        <Link href="/admin" className="text-indigo-700 hover:underline dark:text-indigo-300">
          Overview
        </Link>
        <Link href="/admin/users" className="text-indigo-700 hover:underline dark:text-indigo-300">
          Users
        </Link>
        <Link href="/admin/events" className="text-indigo-700 hover:underline dark:text-indigo-300">
          Events
        </Link>
        <Link href="/admin/audit" className="text-indigo-700 hover:underline dark:text-indigo-300">
          Audit log
        </Link>
        <Link href="/admin/webhooks" className="text-indigo-700 hover:underline dark:text-indigo-300">
          Webhooks
        </Link>
      </nav>
      {children}
    </div>
  );
}
