/**
 * First-load JavaScript per route, measured from a production build (`next build`).
 *
 * Next 16 no longer prints "First Load JS" after a build, so we compute it the way the browser
 * experiences it: the set of <script> chunks a cold visit to the route downloads, gzip-compressed.
 *
 * Method (checked against the HTML Next serves):
 *  1. `.next/app-path-routes-manifest.json` maps the URL ("/sign-in") to its app path
 *     ("/(auth)/sign-in/page"), route groups included.
 *  2. `.next/build-manifest.json` `rootMainFiles` are the runtime chunks every page loads
 *     (React, the App Router, Turbopack's runtime). `polyfillFiles` are `noModule`: modern
 *     browsers skip them, so they are not counted.
 *  3. `.next/server/app/<app path>_client-reference-manifest.js` lists, under `entryJSFiles`,
 *     the client chunks of every segment on the route's tree (layouts, error, not-found,
 *     global-error, the page). Their union plus (2) is exactly what the HTML references;
 *     chunks loaded later (next/dynamic, prefetches) are not first-load and are not counted.
 *  4. Each file is gzipped with zlib's default level (what `next start` compression sends).
 * For a prerendered route we also read `.next/server/app/<route>.html` and compare its
 * <script src> set with the manifest's; the "html" column says whether they agree.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";
import { gzipSync } from "node:zlib";

export type ChunkSize = { file: string; bytes: number; gzipBytes: number };
export type RouteFirstLoad = {
  route: string;
  files: ChunkSize[];
  bytes: number;
  gzipBytes: number;
  /** Beyond the shared runtime (rootMainFiles): the client chunks of the route's segments (layouts, boundaries, page). */
  appGzipBytes: number;
  cssGzipBytes: number;
  /** true/false: the prerendered HTML agrees/disagrees with the manifests; null: no HTML (dynamic route). */
  htmlAgrees: boolean | null;
};

type ClientManifest = {
  entryJSFiles?: Record<string, string[]>;
  entryCSSFiles?: Record<string, Array<{ path: string; inlined?: boolean }>>;
};

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;

function sizeOf(distDir: string, file: string): ChunkSize {
  const content = readFileSync(path.join(distDir, file));
  return { file, bytes: content.length, gzipBytes: gzipSync(content).length };
}

/** Every page route of the build, e.g. ["/", "/sign-in"], without Next's internal "/_…" ones. */
export function pageRoutes(distDir = ".next"): string[] {
  const routes = readJson<Record<string, string>>(path.join(distDir, "app-path-routes-manifest.json"));
  return Object.entries(routes)
    .filter(([appPath, route]) => appPath.endsWith("/page") && !route.startsWith("/_"))
    .map(([, route]) => route)
    .sort();
}

export function firstLoadJs(route: string, distDir = ".next"): RouteFirstLoad {
  const routes = readJson<Record<string, string>>(path.join(distDir, "app-path-routes-manifest.json"));
  const appPath = Object.keys(routes).find((key) => key.endsWith("/page") && routes[key] === route);
  if (!appPath)
    throw new Error(`No page "${route}" in ${distDir} (run next build?). Pages: ${pageRoutes(distDir).join(", ")}`);

  const build = readJson<{ rootMainFiles: string[] }>(path.join(distDir, "build-manifest.json"));
  const manifestFile = path.join(distDir, "server", "app", `${appPath}_client-reference-manifest.js`);
  const context = vm.createContext({});
  vm.runInContext(readFileSync(manifestFile, "utf8"), context);
  const manifests = (context as { __RSC_MANIFEST?: Record<string, ClientManifest> }).__RSC_MANIFEST ?? {};
  const manifest = manifests[appPath] ?? Object.values(manifests)[0] ?? {};

  const shared = new Set(build.rootMainFiles);
  const jsFiles = new Set([...build.rootMainFiles, ...Object.values(manifest.entryJSFiles ?? {}).flat()]);
  const cssFiles = new Set(
    Object.values(manifest.entryCSSFiles ?? {})
      .flat()
      .filter((css) => !css.inlined)
      .map((css) => css.path),
  );

  const files = [...jsFiles].sort().map((file) => sizeOf(distDir, file));
  const sum = (list: ChunkSize[], key: "bytes" | "gzipBytes") => list.reduce((total, f) => total + f[key], 0);
  return {
    route,
    files,
    bytes: sum(files, "bytes"),
    gzipBytes: sum(files, "gzipBytes"),
    appGzipBytes: sum(
      files.filter((f) => !shared.has(f.file)),
      "gzipBytes",
    ),
    cssGzipBytes: sum(
      [...cssFiles].map((file) => sizeOf(distDir, file)),
      "gzipBytes",
    ),
    htmlAgrees: compareWithHtml(distDir, route, jsFiles),
  };
}

/** The module scripts the prerendered HTML loads, or null when the route is rendered per request. */
function compareWithHtml(distDir: string, route: string, expected: Set<string>): boolean | null {
  const htmlFile = path.join(distDir, "server", "app", `${route === "/" ? "/index" : route}.html`);
  if (!existsSync(htmlFile)) return null;
  const html = readFileSync(htmlFile, "utf8");
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)]
    .map(([tag]) => tag)
    .filter((tag) => !/\bnomodule\b/i.test(tag))
    .map((tag) => /\bsrc="\/_next\/([^"?]+)/.exec(tag)?.[1])
    .filter((src): src is string => src !== undefined);
  return scripts.length === expected.size && scripts.every((src) => expected.has(src));
}

// 1024-byte units, so labelled KiB (the bench's report gives both).
const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export function formatTable(results: RouteFirstLoad[]): string {
  const header = ["route", "chunks", "JS raw", "JS gzip", "app chunks gzip", "CSS gzip", "html"];
  const rows = results.map((r) => [
    r.route,
    String(r.files.length),
    kB(r.bytes),
    kB(r.gzipBytes),
    kB(r.appGzipBytes),
    kB(r.cssGzipBytes),
    r.htmlAgrees === null ? "dynamic" : r.htmlAgrees ? "agrees" : "DIFFERS",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

// CLI: tsx bench/first-load-js.ts [--dir .next] [--json] [route…]   (no routes: every page)
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const dirIndex = args.indexOf("--dir");
  const distDir = dirIndex >= 0 ? args.splice(dirIndex, 2)[1] : ".next";
  const json = args.includes("--json");
  const routes = args.filter((arg) => !arg.startsWith("--"));
  try {
    const results = (routes.length ? routes : pageRoutes(distDir)).map((route) => firstLoadJs(route, distDir));
    console.log(json ? JSON.stringify(results, null, 2) : formatTable(results));
    if (results.some((r) => r.htmlAgrees === false)) process.exitCode = 1;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
