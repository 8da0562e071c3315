import { Prisma } from "@/lib/generated/prisma/client";

/**
 * User rows as they may leave the database: an explicit select, so a password hash (or anything
 * added later) can never reach a response by accident.
 */
export const userSelect = {
  id: true,
  username: true,
  phoneNumber: true,
  email: true,
  emailVerified: true,
  isActive: true,
  isStaff: true,
  mfaEnabled: true,
  dateJoined: true,
  deletedAt: true,
} as const satisfies Prisma.UserSelect;

export type PublicUser = Prisma.UserGetPayload<{ select: typeof userSelect }>;

/**
 * Soft delete, enforced once: every user read, count and update that does not mention
 * `deletedAt` in its top-level `where` gets `deletedAt: null`, so normal code (login, /me,
 * reset, adapters) cannot see or change a deleted user by forgetting a filter. Code that wants
 * deleted users says so with `deletedScope("include" | "only")`.
 *
 * Why an extension rather than helpers such as `liveUser(where)`: a helper is easy to forget, and
 * forgetting it lets a deleted user log in; here forgetting fails safe (the user is not found).
 * Not covered, by design: create/upsert/delete (uniqueness spans deleted users too, so a deleted
 * user keeps their username until restored or purged), relation reads through another model
 * (e.g. `session.include.user`), and raw SQL — those callers filter themselves.
 */
function scoped<A extends { where?: object }>(args: A): A {
  if (args.where && "deletedAt" in args.where) return args;
  return { ...args, where: { ...args.where, deletedAt: null } };
}

export const softDelete = Prisma.defineExtension({
  name: "user-soft-delete",
  query: {
    user: {
      findUnique: ({ args, query }) => query(scoped(args)),
      findUniqueOrThrow: ({ args, query }) => query(scoped(args)),
      findFirst: ({ args, query }) => query(scoped(args)),
      findFirstOrThrow: ({ args, query }) => query(scoped(args)),
      findMany: ({ args, query }) => query(scoped(args)),
      count: ({ args, query }) => query(scoped(args)),
      aggregate: ({ args, query }) => query(scoped(args)),
      groupBy: ({ args, query }) => query(scoped(args)),
      update: ({ args, query }) => query(scoped(args)),
      updateMany: ({ args, query }) => query(scoped(args)),
      updateManyAndReturn: ({ args, query }) => query(scoped(args)),
    },
  },
});

export type DeletedScope = "exclude" | "include" | "only";

/**
 * The `where` fragment for a staff listing's `deleted` filter; spread it into a user `where`.
 * "include" still names `deletedAt` (as undefined, which Prisma ignores) so the extension above
 * knows the caller asked for deleted users too.
 */
export function deletedScope(scope: DeletedScope): Pick<Prisma.UserWhereInput, "deletedAt"> {
  if (scope === "include") return { deletedAt: undefined };
  if (scope === "only") return { deletedAt: { not: null } };
  return { deletedAt: null };
}

const UNIQUE_USER_FIELDS = ["username", "phoneNumber", "email"] as const;
export type UniqueUserField = (typeof UNIQUE_USER_FIELDS)[number];

/**
 * Which user field a unique violation (P2002) is about. The case-insensitive indexes are
 * expressions (lower("username")), which the drivers report differently: node-postgres names the
 * index, PGlite quotes the expression. Both mention the column, which is what we look for.
 */
export function uniqueViolationField(error: unknown): UniqueUserField | undefined {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return undefined;
  const text = JSON.stringify(error.meta ?? {}) + " " + error.message;
  return UNIQUE_USER_FIELDS.find((field) => new RegExp(`\\b${field}\\b|User_${field}_`, "i").test(text));
}
