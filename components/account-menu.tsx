"use client";

import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState, type MouseEvent, type ReactNode } from "react";

/**
 * The signed-in user's menu in the header: a disclosure button (initials) and the panel it shows.
 * Only the open/close state lives here; the panel's links and sign-out form come from the server
 * as children. Escape, a click outside, a link followed or a navigation closes it.
 */
export function AccountMenu({
  username,
  initials,
  children,
}: {
  username: string;
  initials: string;
  children: ReactNode;
}) {
  const pathname = usePathname();
  // Open on one path only, so that any navigation (back and forward too) closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpenOn(null);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpenOn(null);
      if (root.current?.contains(document.activeElement)) button.current?.focus();
    };
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("keydown", onKeyDown);
    };
  }, [open]);

  // A link to the page already shown is no navigation, yet it is done with the menu too.
  const closeOnLink = (event: MouseEvent) => {
    if ((event.target as Element).closest("a")) setOpenOn(null);
  };

  return (
    <div
      ref={root}
      className="relative"
      // Tabbing out closes it. No relatedTarget (a click on nothing focusable): the pointer handler decides.
      onBlur={(event) => {
        if (event.relatedTarget && !root.current?.contains(event.relatedTarget)) setOpenOn(null);
      }}
    >
      <button
        ref={button}
        type="button"
        // The name starts with what the button shows, so that a voice user can say "click AL" (WCAG 2.5.3).
        aria-label={`${initials}, account menu for ${username}`}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpenOn(open ? null : pathname)}
        className="flex size-9 items-center justify-center rounded-full bg-indigo-600 text-sm font-semibold text-white shadow-xs hover:bg-indigo-500 aria-expanded:ring-2 aria-expanded:ring-indigo-300 dark:hover:bg-indigo-500 dark:aria-expanded:ring-indigo-400"
      >
        {initials}
      </button>
      {open && (
        <div
          id={panelId}
          onClick={closeOnLink}
          className="absolute top-full right-0 z-40 mt-2 w-60 max-w-[calc(100vw-2rem)] rounded-lg border border-zinc-200 bg-white py-1 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {children}
        </div>
      )}
    </div>
  );
}
