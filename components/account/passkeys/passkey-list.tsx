"use client";

import { useRef, useState, type ReactNode } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { PasskeyItem } from "./passkey-item";

export type PasskeyListItem = { id: string; name: string; details: ReactNode };

/**
 * The user's passkeys. A removed one's row is gone once the page refreshes, so the answer is
 * shown above the list and focused, for keyboard and screen reader users.
 */
export function PasskeyList({ items }: { items: PasskeyListItem[] }) {
  const [removed, setRemoved] = useState<string>();
  const answer = useRef<HTMLDivElement>(null);

  function onRemoved(message: string) {
    setRemoved(message);
    requestAnimationFrame(() => answer.current?.focus());
  }

  return (
    <div className="flex flex-col gap-4">
      <div ref={answer} tabIndex={-1} className="outline-none empty:hidden">
        <FormMessage kind="success">{removed}</FormMessage>
      </div>
      {items.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">You have no passkeys yet.</p>
      ) : (
        <ul aria-label="Your passkeys" className="flex flex-col divide-y divide-zinc-200 dark:divide-zinc-800">
          {items.map((item) => (
            <PasskeyItem key={item.id} {...item} onRemoved={onRemoved} />
          ))}
        </ul>
      )}
    </div>
  );
}
