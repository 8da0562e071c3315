import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The domain (lib/accounts, lib/admin) is free of React and Next: no module it loads, itself or
 * through any module of ours it imports, is React, Next, react-email or a template of emails/.
 * A lint rule on import lines would see only a file's own imports; this follows the whole static
 * graph of the imports that load code (`import type` is erased and loads nothing).
 */

const root = path.resolve(import.meta.dirname, "..");
const FORBIDDEN_PACKAGES = /^(react|react-dom|next|next-auth|react-email)(\/|$)|^@react-email\//;
const FORBIDDEN_DIRS = ["emails"];
// Prisma's generated client: ours on disk, but only ever imports Prisma's runtime.
const NOT_WALKED = [path.join(root, "lib", "generated")];

/** The specifiers of the imports of `file` that load code at run time. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const onlyTypes =
        clause?.isTypeOnly ||
        (clause &&
          !clause.name &&
          named &&
          ts.isNamedImports(named) &&
          named.elements.length > 0 &&
          named.elements.every((e) => e.isTypeOnly));
      if (!onlyTypes) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.isTypeOnly) found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [specifier] = node.arguments;
      if (specifier && ts.isStringLiteral(specifier)) found.push(specifier.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** A file of ours for `specifier` imported from `from`, or undefined for a package. */
function resolveOwn(specifier: string, from: string): string | undefined {
  let base: string;
  if (specifier.startsWith("@/")) base = path.join(root, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(from), specifier);
  else return undefined;
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    path.join(base, "index.ts"),
    path.join(base, "index.tsx"),
  ]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`cannot resolve "${specifier}" from ${path.relative(root, from)}`);
}

const isForbiddenFile = (file: string) =>
  FORBIDDEN_DIRS.some((dir) => file.startsWith(path.join(root, dir) + path.sep));

/** Every chain from `entry` to something forbidden, as "a.ts → b.ts → react". */
function forbiddenChains(entry: string): string[] {
  const chains: string[] = [];
  const seen = new Set<string>([entry]);
  const queue: Array<{ file: string; chain: string[] }> = [{ file: entry, chain: [path.relative(root, entry)] }];
  while (queue.length > 0) {
    const { file, chain } = queue.shift()!;
    for (const specifier of runtimeImports(file)) {
      const own = resolveOwn(specifier, file);
      if (own === undefined) {
        if (FORBIDDEN_PACKAGES.test(specifier)) chains.push([...chain, specifier].join(" → "));
        continue;
      }
      const next = [...chain, path.relative(root, own)];
      if (isForbiddenFile(own)) chains.push(next.join(" → "));
      if (seen.has(own) || NOT_WALKED.some((dir) => own.startsWith(dir + path.sep))) continue;
      seen.add(own);
      queue.push({ file: own, chain: next });
    }
  }
  return chains;
}

const modulesOf = (dir: string) =>
  readdirSync(path.join(root, dir))
    .filter((name) => /\.tsx?$/.test(name))
    .map((name) => path.join(root, dir, name));

describe("the domain's imports", () => {
  it("finds React where it is: the mail renderer loads it, and the templates of emails/", () => {
    const chains = forbiddenChains(path.join(root, "lib", "mail", "sender.ts"));
    expect(chains).toContain("lib/mail/sender.ts → lib/mail/render.ts → react");
    expect(chains).toContain("lib/mail/sender.ts → lib/mail/render.ts → emails/password-reset.tsx");
  });

  it.each(["lib/accounts", "lib/admin"])("%s loads no React, Next, react-email or e-mail template", (dir) => {
    const modules = modulesOf(dir);
    expect(modules.length).toBeGreaterThan(0);
    expect(modules.flatMap(forbiddenChains)).toEqual([]);
  });
});
