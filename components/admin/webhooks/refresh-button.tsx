"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";

/** Reads the deliveries again: they change on their own as the sender works. */
export function RefreshButton() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      type="button"
      variant="secondary"
      pending={pending}
      pendingText="Refreshing…"
      onClick={() => startTransition(() => router.refresh())}
    >
      Refresh
    </Button>
  );
}
