import { consumeChallenge, createChallenge, liveChallenge } from "@/lib/accounts/auth-challenge";
import { sendVerificationCode } from "@/lib/accounts/email-verification";
import { hashPassword } from "@/lib/accounts/password-hash";
import { parseRegistration } from "@/lib/accounts/register";
import { tokenUserSelect, type TokenUser } from "@/lib/accounts/token-user";
import { getDb, type Db } from "@/lib/db";
import type { Tx } from "@/lib/db/transaction";
import { NotFoundError } from "@/lib/errors";
import { recordEvents } from "@/lib/events/record";
import type { ClientInfo } from "@/lib/events/types";
import { logger } from "@/lib/log";
import { kickMailSender } from "@/lib/mail/kick";

/**
 * First run: while no staff user exists, each start of the server makes a setup token (256
 * random bits; the database keeps only its SHA-256) and prints a link with it. The link's page
 * creates the first staff account. A token is good until a staff user exists, however that
 * happens (this page or `npm run create-staff`); then every one of them is deleted.
 */

const KIND = "first_run_setup";
// Valid until used: the expiry only has to be beyond any install's life.
const TTL_SECONDS = 100 * 365 * 86_400;
// Never counted: a token is either consumed or still good.
const ANY_ATTEMPTS = 1;
// Serialises first-run setups, so two of them cannot both see "no staff yet" (any fixed key).
const SETUP_LOCK_KEY = 7_302_112_019;

async function staffExists(db: Db | Tx): Promise<boolean> {
  return (await db.user.count({ where: { isStaff: true }, take: 1 })) > 0;
}

/**
 * At start-up: with no staff user, a fresh setup link for `appUrl`; with one, none (and any left
 * from earlier starts are deleted).
 */
export async function firstRunSetupLink(appUrl: string): Promise<string | undefined> {
  const db = await getDb();
  if (await staffExists(db)) {
    await db.authChallenge.deleteMany({ where: { kind: KIND } });
    return undefined;
  }
  const token = await createChallenge(KIND, undefined, TTL_SECONDS);
  return `${appUrl.replace(/\/+$/, "")}/setup?token=${token}`;
}

/** Whether `token` opens the setup page: a live setup token, and still no staff user. */
export async function setupIsOpen(token: string | undefined): Promise<boolean> {
  if (!token || token.length > 100) return false;
  const db = await getDb();
  if (await staffExists(db)) return false;
  return (await liveChallenge(KIND, token, ANY_ATTEMPTS)) !== undefined;
}

/**
 * Creates the first staff user, under sign-up's rules and errors, and uses the token up, in one
 * transaction that first takes a lock: of two setups at once, the second finds a staff user and
 * fails as for a spent token (NotFoundError).
 */
export async function completeFirstRunSetup(token: string, input: unknown, client: ClientInfo): Promise<TokenUser> {
  if (!(await setupIsOpen(token))) throw new NotFoundError();
  const { username, phoneNumber, email, password } = await parseRegistration(input);
  const passwordHash = await hashPassword(password);
  const db = await getDb();
  const user = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK_KEY}::bigint)`;
    if (await staffExists(tx)) throw new NotFoundError();
    if (!(await consumeChallenge(tx, KIND, token))) throw new NotFoundError();
    const created = await tx.user.create({
      data: { username, phoneNumber, email: email ?? null, passwordHash, isStaff: true },
      select: tokenUserSelect,
    });
    await tx.auditLog.create({
      data: { targetId: created.id, action: "create-staff", changes: { isStaff: { after: true } } },
    });
    await recordEvents(tx, [{ type: "sign_up", userId: created.id, client }]);
    if (created.email) await sendVerificationCode(tx, created.id, created.email);
    await tx.authChallenge.deleteMany({ where: { kind: KIND } });
    return created;
  });
  if (user.email) kickMailSender();
  logger.info({ userId: user.id }, "first staff user created by the first-run setup");
  return user;
}
