import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

/**
 * Swagger UI's files, served from our own origin: the app runs offline and its CSP allows no
 * script or style from elsewhere. Read from the installed package, so an upgrade needs no copy.
 */

const ASSETS = {
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui.css": "text/css; charset=utf-8",
} as const;
export type SwaggerUiAsset = keyof typeof ASSETS;

const packageDir = () => path.join(process.cwd(), "node_modules", "swagger-ui-dist");

export function isSwaggerUiAsset(name: string): name is SwaggerUiAsset {
  return Object.hasOwn(ASSETS, name);
}

export async function readSwaggerUiAsset(name: SwaggerUiAsset): Promise<{ body: Buffer; contentType: string }> {
  return { body: await readFile(path.join(packageDir(), name)), contentType: ASSETS[name] };
}

let version: string | undefined;

/** The installed version: part of each asset's URL, so the files can be cached for good. */
export function swaggerUiVersion(): string {
  version ??= (JSON.parse(readFileSync(path.join(packageDir(), "package.json"), "utf8")) as { version: string })
    .version;
  return version;
}

export function swaggerUiAssetUrl(name: SwaggerUiAsset): string {
  return `/docs/api/assets/${name}?v=${swaggerUiVersion()}`;
}
