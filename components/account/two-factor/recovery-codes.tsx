"use client";

import { useId } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { focusOnMount } from "./focus-on-mount";

/**
 * Recovery codes, shown this once: to copy, to download as a text file (made in the browser, so
 * the codes are never sent again), and a reminder to keep them safe.
 */
export function RecoveryCodes({
  codes,
  username,
  title,
  onDone,
}: {
  codes: string[];
  username: string;
  title: string;
  onDone: () => void;
}) {
  const headingId = useId();
  const text = codes.join("\n");

  function download() {
    const body = [
      `Recovery codes for ${username} at ${window.location.host}`,
      "Each code works once, in place of a code from your authenticator app.",
      `Created ${new Date().toISOString().slice(0, 10)}.`,
      "",
      text,
      "",
    ].join("\n");
    const url = URL.createObjectURL(new Blob([body], { type: "text/plain;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `recovery-codes-${username}.txt`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-4">
      <h3
        id={headingId}
        ref={focusOnMount}
        tabIndex={-1}
        className="text-base font-semibold text-zinc-900 outline-none dark:text-zinc-50"
      >
        {title}
      </h3>
      <div className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
        Keep these codes somewhere safe, such as a password manager. If you lose your authenticator app, each code signs
        you in once. They are shown only now.
      </div>
      <ol
        aria-label="Recovery codes"
        className="grid grid-cols-1 gap-x-6 gap-y-1.5 rounded-md bg-zinc-50 px-4 py-3 font-mono text-sm text-zinc-900 min-[380px]:grid-cols-2 dark:bg-zinc-950 dark:text-zinc-100"
      >
        {codes.map((code) => (
          <li key={code} data-recovery-code={code}>
            {code}
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap items-center gap-3">
        <CopyButton text={text} what="recovery codes" />
        <Button type="button" variant="secondary" onClick={download} className="px-3 py-1.5">
          Download<span className="sr-only"> recovery codes</span>
        </Button>
      </div>
      <Button type="button" onClick={onDone} className="self-start">
        Done
      </Button>
    </section>
  );
}
