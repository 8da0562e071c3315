// `npm run build`, after `next build`: bundles server.ts and the API app it imports (lib/, with the
// tsconfig's "@/" paths) into one ES module beside Next's build, which `npm start` runs with plain
// Node. Packages stay imports of node_modules, as they are for Next's own server code.
import { build } from "esbuild";

const distDir = process.env.NEXT_DIST_DIR || ".next";

await build({
  entryPoints: ["server.ts"],
  outfile: `${distDir}/server.mjs`,
  bundle: true,
  packages: "external",
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
});
