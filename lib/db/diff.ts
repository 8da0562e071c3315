import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import {
  bindMigrationAwareSqlAdapterFactory,
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { DiffTarget } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { Migration } from "./migrate";

/**
 * Development tooling only (never imported by the app): Prisma's schema engine, compiled to WASM,
 * computes the SQL that takes the database built by the migrations to the state schema.prisma
 * describes. It replaces `prisma migrate diff`, whose native engine cannot be downloaded here
 * (it is fetched from Prisma's servers at run time). The engine replays the migrations on
 * throw-away in-memory PGlite databases.
 */

let engineLoaded = false;

/** Instantiates the WASM by hand: the package's own entry imports a .wasm file, which Node cannot. */
function loadEngine(): void {
  if (engineLoaded) return;
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  const wasmModule = new WebAssembly.Module(readFileSync(path.join(dir, "schema_engine_bg.wasm")));
  const instance = new WebAssembly.Instance(wasmModule, {
    "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  engineLoaded = true;
}

/** pglite-prisma-adapter's executeScript does not await PGlite's exec, so errors vanish: wrap it. */
async function adapterOver(db: PGlite): Promise<SqlDriverAdapter> {
  const adapter = (await new PrismaPGlite(db).connect()) as unknown as SqlDriverAdapter;
  adapter.executeScript = async (script: string) => {
    try {
      await db.exec(script);
    } catch (error) {
      const e = error as {
        code?: string;
        severity?: string;
        message: string;
        detail?: string;
        column?: string;
        hint?: string;
      };
      if (typeof e.code !== "string") throw error;
      const { code, severity = "ERROR", message, detail, column, hint } = e;
      throw new DriverAdapterError({ kind: "postgres", code, severity, message, detail, column, hint });
    }
  };
  return adapter;
}

/** Computes the SQL from `migrations` (empty list: an empty database) to the schema. */
export async function diffSchema(options: {
  schemaPath: string;
  migrationsDir: string;
  migrations: Migration[];
}): Promise<string> {
  loadEngine();
  const databases: PGlite[] = [];
  const fresh = async () => {
    const db = await PGlite.create({ extensions: { pg_trgm } });
    databases.push(db);
    return db;
  };
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: "postgres",
    adapterName: "pglite-prisma-adapter",
    connect: async () => adapterOver(await fresh()),
    connectToShadowDb: async () => adapterOver(await fresh()),
  };

  const schema = { path: options.schemaPath, content: readFileSync(options.schemaPath, "utf8") };
  const lockfile = path.join(options.migrationsDir, "migration_lock.toml");
  const from: DiffTarget =
    options.migrations.length === 0
      ? { tag: "empty" }
      : {
          tag: "migrations",
          baseDir: options.migrationsDir,
          lockfile: { path: lockfile, content: readOptional(lockfile) },
          shadowDbInitScript: "",
          migrationDirectories: options.migrations.map((m) => ({
            path: m.name,
            migrationFile: { path: "migration.sql", content: { tag: "ok", value: m.sql } },
          })),
        };

  const engine = await glue.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    () => {}, // engine log lines: not needed
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    const result = await engine.diff({
      from,
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.stdout ?? "";
  } finally {
    engine.free();
    await Promise.all(databases.map((db) => db.close()));
  }
}

function readOptional(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}
