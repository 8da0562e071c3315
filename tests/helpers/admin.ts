import { createStaff } from "@/lib/accounts/create-staff";
import { freshIp, json, newUser, type TestApp } from "./app";

/**
 * Staff-console test helpers: a staff user made the way an operator makes one (createStaff,
 * i.e. `npm run create-staff`) and signed in through the real login endpoint; plain users
 * inserted directly when a test needs many with chosen values and dates.
 */

let staffCounter = 0;

export async function signIn(app: TestApp, identifier: string, password: string): Promise<string> {
  const response = await app.call("POST", "/api/auth/login", { body: { identifier, password }, ip: freshIp() });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return (await json(response)).accessToken as string;
}

export async function staffSession(app: TestApp): Promise<{ id: string; token: string }> {
  staffCounter++;
  const n = String(staffCounter).padStart(4, "0");
  const password = `quiet-harbour-${n}-staff`;
  const { userId, username } = await createStaff({
    username: `staff_${n}`,
    phoneNumber: `+1 (646) 555-${n}`,
    password,
  });
  return { id: userId, token: await signIn(app, username, password) };
}

/** A user signed up through the API, with its token. */
export async function memberSession(app: TestApp, overrides: Record<string, unknown> = {}) {
  const body = newUser(overrides);
  const response = await app.call("POST", "/api/auth/register", { body, ip: freshIp() });
  const data = await json(response);
  if (response.status !== 201) throw new Error(`register failed: ${response.status} ${JSON.stringify(data)}`);
  return { ...body, id: (data.user as { id: string }).id, token: data.accessToken as string };
}

export type SeedUser = {
  username: string;
  phoneNumber: string;
  email?: string | null;
  isActive?: boolean;
  isStaff?: boolean;
  dateJoined?: Date;
  deletedAt?: Date | null;
};

/** Inserts users as they are (no password: these never log in). Returns their ids in order. */
export async function seedUsers(app: TestApp, users: SeedUser[]): Promise<string[]> {
  const ids: string[] = [];
  for (const user of users) {
    const row = await app.db.user.create({ data: { passwordHash: "not-a-hash", ...user }, select: { id: true } });
    ids.push(row.id);
  }
  return ids;
}

export type UserJsonLike = {
  id: string;
  username: string;
  email: string | null;
  phoneNumber: string;
  isActive: boolean;
  isStaff: boolean;
  mfaEnabled: boolean;
  deletedAt: string | null;
  dateJoined: string;
};

export async function listUsers(app: TestApp, token: string, query: Record<string, string> = {}) {
  const response = await app.call("GET", `/api/admin/users?${new URLSearchParams(query)}`, { token });
  const body = (await response.json()) as {
    items: UserJsonLike[];
    total: number;
    totalCapped: boolean;
    totalIsEstimate: boolean;
    page: number;
    pageSize: number;
    errors?: Record<string, string[]>;
  };
  return { status: response.status, body, usernames: (body.items ?? []).map((u) => u.username) };
}
