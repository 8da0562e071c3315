import { getDb } from "@/lib/db";
import { listSessions } from "@/lib/sessions/sessions";
import { twoFactorStatus } from "@/lib/two-factor/totp-enrolment";
import { toEventJson, toSessionJson, type PageQuery } from "@/lib/validation/account";
import { toUserJson } from "@/lib/validation/user";
import type { SessionUser } from "@/lib/accounts/token-user";
import { providerLinks } from "@/lib/providers/links";

/** What the account holds about its owner: the activity page and the "download my data" file. */

const eventSelect = {
  id: true,
  type: true,
  at: true,
  userId: true,
  actorId: true,
  ip: true,
  userAgent: true,
  detail: true,
} as const;

/** The user's security events, newest first. */
export async function listOwnEvents(userId: string, { page, pageSize }: PageQuery) {
  const db = await getDb();
  const rows = await db.securityEvent.findMany({
    where: { userId },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    skip: (page - 1) * pageSize,
    take: pageSize,
    select: eventSelect,
  });
  return { items: rows.map(toEventJson), page, pageSize };
}

/**
 * Everything held about the user, by explicit selects only, so no hash, code, token version or
 * secret can reach it: the profile, live sessions, two-factor status, linked providers (names and
 * dates), passkeys and every security event still kept.
 */
export async function exportAccountData(user: SessionUser) {
  const db = await getDb();
  const [sessions, twoFactor, providers, passkeys, events] = await Promise.all([
    listSessions(user),
    twoFactorStatus(user.id),
    providerLinks(user.id),
    db.passkey.findMany({
      where: { userId: user.id },
      orderBy: { createdAt: "asc" },
      select: { name: true, createdAt: true, lastUsedAt: true },
    }),
    db.securityEvent.findMany({
      where: { userId: user.id },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      select: eventSelect,
    }),
  ]);
  return {
    exportedAt: new Date().toISOString(),
    user: toUserJson(user),
    sessions: sessions.map((session) => toSessionJson(session, user.sessionId)),
    // Whether it is on and since when; never the secret or the recovery codes.
    twoFactor: {
      authenticatorApp: twoFactor.totp,
      enabledAt: twoFactor.enabledAt?.toISOString() ?? null,
      recoveryCodesLeft: twoFactor.recoveryCodesLeft,
    },
    providers: providers.map((link) => ({ provider: link.provider, linkedAt: link.linkedAt.toISOString() })),
    passkeys: passkeys.map((passkey) => ({
      name: passkey.name,
      createdAt: passkey.createdAt.toISOString(),
      lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null,
    })),
    events: events.map(toEventJson),
  };
}
