import { getDb } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { removeSignInMethod } from "@/lib/providers/last-method";
import { recordEvents } from "@/lib/events/record";
import type { ClientInfo } from "@/lib/events/types";
import { parseInput } from "@/lib/validation/issues";
import { renamePasskeySchema } from "@/lib/validation/passkeys";

/** A user's own passkeys: list, rename, remove. Every change names the owner, so another's id is not found. */

export const passkeySelect = { id: true, name: true, createdAt: true, lastUsedAt: true } as const;
export type PasskeyInfo = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null };

export async function listPasskeys(userId: string): Promise<PasskeyInfo[]> {
  const db = await getDb();
  return db.passkey.findMany({
    where: { userId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: passkeySelect,
  });
}

/** Whether the user has a passkey: one of the second factors staff may be asked for. */
export async function hasPasskey(userId: string): Promise<boolean> {
  const db = await getDb();
  return (await db.passkey.findFirst({ where: { userId }, select: { id: true } })) !== null;
}

export async function renamePasskey(userId: string, id: string, input: unknown): Promise<PasskeyInfo> {
  const { name } = parseInput(renamePasskeySchema, input);
  const db = await getDb();
  const [renamed] = await db.passkey.updateManyAndReturn({
    where: { id, userId },
    data: { name },
    select: passkeySelect,
  });
  if (!renamed) throw new NotFoundError("No such passkey.");
  return renamed;
}

/** Removes the passkey: it cannot sign in from then on. Its event is written with the removal. */
export async function removePasskey(userId: string, id: string, client: ClientInfo): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const passkey = await tx.passkey.findFirst({ where: { id, userId }, select: { name: true } });
    // Of two removals at once, the one that deletes nothing answers 404 and records nothing.
    const { count } = await removeSignInMethod(tx, userId, () => tx.passkey.deleteMany({ where: { id, userId } }));
    if (!passkey || count === 0) throw new NotFoundError("No such passkey.");
    await recordEvents(tx, [
      { type: "passkey_removed", userId, client, detail: { passkeyId: id, name: passkey.name } },
    ]);
  });
}
