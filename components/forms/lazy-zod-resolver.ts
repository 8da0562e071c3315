"use client";

import type { FieldValues, Resolver } from "react-hook-form";
import type { z } from "zod";

type FormSchema = z.ZodType<FieldValues, FieldValues>;

/**
 * A react-hook-form resolver whose zod schema and `zodResolver` load on demand instead of with the
 * page: zod and the resolver are ~36 kB of the auth pages' first-load JavaScript, and nothing needs
 * them before the first validation. In the browser the chunk starts loading as soon as the form's
 * module runs, so it is usually there before anyone submits; until then the resolver simply
 * awaits it. The server validates everything again, so this only moves when the browser-side
 * check becomes available.
 */
export function lazyZodResolver<S extends FormSchema>(loadSchema: () => Promise<S>) {
  let loading: Promise<Resolver<z.input<S>, unknown, z.output<S>>> | undefined;

  function preload() {
    loading ??= Promise.all([import("@hookform/resolvers/zod"), loadSchema()])
      .then(([{ zodResolver }, schema]) => zodResolver(schema) as Resolver<z.input<S>, unknown, z.output<S>>)
      .catch((error: unknown) => {
        loading = undefined; // a failed chunk load (e.g. offline) is retried at the next validation
        throw error;
      });
    return loading;
  }

  const resolver: Resolver<z.input<S>, unknown, z.output<S>> = async (values, context, options) =>
    (await preload())(values, context, options);

  if (typeof window !== "undefined") preload().catch(() => {}); // retried at the first validation
  return { resolver };
}
