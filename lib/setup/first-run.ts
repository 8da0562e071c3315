import { consumeChallenge, createChallenge, liveChallenge } from "@/lib/accounts/auth-challenge";
import { hashPassword } from "@/lib/accounts/password-hash";
import { createAccount, parseRegistration } from "@/lib/accounts/register";
import type { TokenUser } from "@/lib/accounts/token-user";
import { getDb, type Db } from "@/lib/db";
import type { Tx } from "@/lib/db/transaction";
import { NotFoundError } from "@/lib/errors";
import type { ClientInfo } from "@/lib/events/types";
import { logger } from "@/lib/log";

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

/** Whether a staff user (other than `except`) exists. */
async function staffExists(db: Db | Tx, except?: string): Promise<boolean> {
  return (await db.user.count({ where: { isStaff: true, ...(except ? { id: { not: except } } : {}) }, take: 1 })) > 0;
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
 * Creates the first staff user, under sign-up's rules and errors, and uses the token up, in the
 * account's transaction, which takes a lock before it looks for other staff: of two setups at
 * once, the second then sees the first's staff user and fails as for a spent token (NotFoundError).
 */
export async function completeFirstRunSetup(token: string, input: unknown, client: ClientInfo): Promise<TokenUser> {
  if (!(await setupIsOpen(token))) throw new NotFoundError();
  const { username, phoneNumber, email, password } = await parseRegistration(input);
  const passwordHash = await hashPassword(password);
  const account = { username, phoneNumber, email, passwordHash, isStaff: true };
  const user = await createAccount(account, client, async (tx, created) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK_KEY}::bigint)`;
    if (await staffExists(tx, created.id)) throw new NotFoundError();
    if (!(await consumeChallenge(tx, KIND, token))) throw new NotFoundError();
    await tx.authChallenge.deleteMany({ where: { kind: KIND } });
  });
  logger.info({ userId: user.id }, "first staff user created by the first-run setup");
  return user;
}
