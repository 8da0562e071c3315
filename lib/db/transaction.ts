import type { Db } from "./client";

/** An interactive transaction of the app's client: what `db.$transaction(async (tx) => …)` hands its callback. */
export type Tx = Parameters<
  Parameters<Db["$transaction"]>[0] extends infer F
    ? F extends (tx: infer T) => unknown
      ? (tx: T) => unknown
      : never
    : never
>[0];
