export function SiteFooter() {
  return (
    <footer className="border-t border-zinc-200 dark:border-zinc-800">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-4 py-6 text-sm text-zinc-600 sm:px-6 dark:text-zinc-400">
        <p>Accounts — self-hosted sign-up, sign-in and recovery.</p>
        <p className="flex gap-4">
          <a href="/docs/api" className="rounded underline-offset-4 hover:underline">
            API reference
          </a>
          {/* A plain <a> to a JSON document: nothing to prefetch. */}
          <a href="/api/openapi.json" className="rounded underline-offset-4 hover:underline">
            OpenAPI
          </a>
        </p>
      </div>
    </footer>
  );
}
