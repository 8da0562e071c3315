"use client";

import { useEffect, useRef, useState } from "react";
import { fixSwaggerUiSemantics } from "./swagger-ui-semantics";
import "./swagger-ui-theme.css";

type SwaggerUiBundle = (options: Record<string, unknown>) => unknown;
declare global {
  interface Window {
    SwaggerUIBundle?: SwaggerUiBundle;
  }
}

let loading: Promise<SwaggerUiBundle> | undefined;

/** Swagger UI's bundle, loaded once per page life (a client-side visit back reuses it). */
function loadBundle(src: string): Promise<SwaggerUiBundle> {
  loading ??= new Promise<SwaggerUiBundle>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.onload = () => (window.SwaggerUIBundle ? resolve(window.SwaggerUIBundle) : reject(new Error("no bundle")));
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  }).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/**
 * Swagger UI 5 themes itself dark under `html.dark-mode`; the app follows the system setting, so
 * the class does too, for as long as the reference is on screen.
 */
function useDarkModeClass(): void {
  useEffect(() => {
    const query = window.matchMedia("(prefers-color-scheme: dark)");
    const apply = () => document.documentElement.classList.toggle("dark-mode", query.matches);
    apply();
    query.addEventListener("change", apply);
    return () => {
      query.removeEventListener("change", apply);
      document.documentElement.classList.remove("dark-mode");
    };
  }, []);
}

export function SwaggerUi({
  documentUrl,
  scriptUrl,
  stylesheetUrl,
}: {
  documentUrl: string;
  scriptUrl: string;
  stylesheetUrl: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");
  useDarkModeClass();

  useEffect(() => {
    let cancelled = false;
    let observer: MutationObserver | undefined;
    loadBundle(scriptUrl)
      .then((SwaggerUIBundle) => {
        if (cancelled || !container.current) return;
        SwaggerUIBundle({
          url: documentUrl,
          domNode: container.current,
          // The public validator is another origin: the app makes no request outside its own.
          validatorUrl: null,
          // Deep links put a link inside each operation's toggle button: controls nested in a control.
          deepLinking: false,
          defaultModelsExpandDepth: 0,
          displayRequestDuration: true,
          persistAuthorization: false,
          tryItOutEnabled: false,
        });
        setState("ready");
      })
      .then(() => {
        if (!container.current || cancelled) return;
        const root = container.current;
        fixSwaggerUiSemantics(root);
        observer = new MutationObserver(() => fixSwaggerUiSemantics(root));
        observer.observe(root, { childList: true, subtree: true });
      })
      .catch(() => !cancelled && setState("failed"));
    return () => {
      cancelled = true;
      observer?.disconnect();
    };
  }, [documentUrl, scriptUrl]);

  return (
    <>
      {/* React puts it in <head> once, for server and client renders alike. */}
      <link rel="stylesheet" href={stylesheetUrl} precedence="default" />
      {state === "loading" ? (
        <p role="status" className="mt-8 text-zinc-600 dark:text-zinc-400">
          Loading the API reference…
        </p>
      ) : null}
      {state === "failed" ? (
        <p role="alert" className="mt-8 text-red-700 dark:text-red-400">
          The API reference could not be loaded. The document itself is at{" "}
          <a href={documentUrl} className="font-medium underline">
            {documentUrl}
          </a>
          .
        </p>
      ) : null}
      <div ref={container} className="api-reference -mx-4 mt-6 sm:mx-0" />
    </>
  );
}
