"use client";

import Link from "next/link";
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import { cn } from "./cn";

export type RowMenuItem =
  | { label: string; href: string }
  | {
      label: string;
      onSelect: () => void;
      tone?: "danger";
      /** The menu stays open (e.g. the item asks for a confirmation inside it). */
      keepOpen?: boolean;
    };

type Place = { top?: number; bottom?: number; right: number };

/**
 * A row's "⋯" menu: a button (aria-haspopup, aria-expanded) opening a list of menu items.
 * Keyboard: Enter, Space or ↓ open it on the first item, ↑ on the last; ↑ ↓ Home End move;
 * Escape closes it and returns to the button; Tab closes it. The list is fixed to the viewport
 * beside the button, so a scrolling table never clips it. `note` is a line above the items
 * (a confirmation's question).
 */
export function RowMenu({
  label,
  items,
  note,
  onClose,
}: {
  label: string;
  items: RowMenuItem[];
  note?: string;
  /** Called whenever the menu closes, however (e.g. to drop a half-made confirmation). */
  onClose?: () => void;
}) {
  const [place, setPlace] = useState<Place>();
  const [start, setStart] = useState<"first" | "last">("first");
  const buttonRef = useRef<HTMLButtonElement>(null);
  const popupRef = useRef<HTMLDivElement>(null);
  const id = useId();
  const open = place !== undefined;

  const itemsOf = () => Array.from(popupRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
  const close = (refocus: boolean) => {
    setPlace(undefined);
    onClose?.();
    if (refocus) buttonRef.current?.focus();
  };
  const show = (from: "first" | "last") => {
    const rect = buttonRef.current!.getBoundingClientRect();
    const right = window.innerWidth - rect.right;
    // Below the button unless that runs off the bottom of the screen.
    setPlace(
      rect.bottom + 220 > window.innerHeight
        ? { bottom: window.innerHeight - rect.top + 4, right }
        : { top: rect.bottom + 4, right },
    );
    setStart(from);
  };

  // The items change when one asks for a confirmation: focus moves into the new ones.
  useLayoutEffect(() => {
    if (!open) return;
    const list = itemsOf();
    (start === "first" ? list[0] : list.at(-1))?.focus();
  }, [open, start, items, note]);

  useEffect(() => {
    if (!open) return;
    const away = () => {
      setPlace(undefined);
      onClose?.();
    };
    const outside = (event: Event) => {
      const target = event.target as Node;
      if (!popupRef.current?.contains(target) && !buttonRef.current?.contains(target)) away();
    };
    document.addEventListener("pointerdown", outside);
    window.addEventListener("resize", away);
    window.addEventListener("scroll", away, true);
    return () => {
      document.removeEventListener("pointerdown", outside);
      window.removeEventListener("resize", away);
      window.removeEventListener("scroll", away, true);
    };
  }, [open, onClose]);

  function onMenuKey(event: KeyboardEvent) {
    const list = itemsOf();
    const at = list.indexOf(document.activeElement as HTMLElement);
    const moves: Record<string, number> = {
      ArrowDown: (at + 1) % list.length,
      ArrowUp: (at - 1 + list.length) % list.length,
      Home: 0,
      End: list.length - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      list[moves[event.key]]?.focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    } else if (event.key === "Tab") {
      close(false);
    }
  }

  const itemClass = (danger?: boolean) =>
    cn(
      "block w-full rounded px-3 py-1.5 text-left text-sm focus:outline-none",
      danger
        ? "text-red-700 hover:bg-red-50 focus:bg-red-50 dark:text-red-300 dark:hover:bg-red-950 dark:focus:bg-red-950"
        : "text-zinc-800 hover:bg-zinc-100 focus:bg-zinc-100 dark:text-zinc-200 dark:hover:bg-zinc-800 dark:focus:bg-zinc-800",
    );

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => (open ? close(false) : show("first"))}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" || event.key === "ArrowUp") {
            event.preventDefault();
            show(event.key === "ArrowDown" ? "first" : "last");
          }
        }}
        className="inline-flex size-8 items-center justify-center rounded-md text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-5">
          <circle cx="4" cy="10" r="1.5" />
          <circle cx="10" cy="10" r="1.5" />
          <circle cx="16" cy="10" r="1.5" />
        </svg>
      </button>
      {open && (
        <div
          ref={popupRef}
          style={{ position: "fixed", top: place.top, bottom: place.bottom, right: place.right }}
          className="z-40 w-56 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
          onKeyDown={onMenuKey}
        >
          {note && (
            <p id={`${id}-note`} className="px-3 py-1.5 text-sm text-zinc-700 dark:text-zinc-300">
              {note}
            </p>
          )}
          <div
            id={id}
            role="menu"
            aria-label={note ? undefined : label}
            aria-labelledby={note ? `${id}-note` : undefined}
          >
            {items.map((item) =>
              "href" in item ? (
                <Link
                  key={item.label}
                  href={item.href}
                  prefetch={false}
                  role="menuitem"
                  tabIndex={-1}
                  className={itemClass()}
                >
                  {item.label}
                </Link>
              ) : (
                <button
                  key={item.label}
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  className={itemClass(item.tone === "danger")}
                  onClick={() => {
                    if (!item.keepOpen) close(true);
                    item.onSelect();
                  }}
                >
                  {item.label}
                </button>
              ),
            )}
          </div>
        </div>
      )}
    </>
  );
}
