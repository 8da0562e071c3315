import type { Metadata } from "next";
import { SwaggerUi } from "@/components/docs/swagger-ui";
import { swaggerUiAssetUrl } from "@/lib/docs/swagger-ui-assets";

export const metadata: Metadata = { title: "API reference" };

/** The API reference, rendered in the browser from the OpenAPI document; open to everyone. */
export default function ApiReferencePage() {
  return (
    <div className="mx-auto w-full max-w-5xl px-4 py-8 sm:px-6">
      <h1 className="text-2xl font-semibold tracking-tight">API reference</h1>
      <p className="mt-2 max-w-prose text-zinc-600 dark:text-zinc-400">
        Every endpoint with its parameters, bodies, examples and error responses. Errors are{" "}
        <code>application/problem+json</code>. The same description as a file:{" "}
        {/* A plain link: the document is JSON, not a page for the client router. */}
        <a href="/api/openapi.json" className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
          /api/openapi.json
        </a>
        .
      </p>
      <SwaggerUi
        documentUrl="/api/openapi.json"
        scriptUrl={swaggerUiAssetUrl("swagger-ui-bundle.js")}
        stylesheetUrl={swaggerUiAssetUrl("swagger-ui.css")}
      />
    </div>
  );
}
