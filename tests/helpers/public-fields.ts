/** Every field a user row may show outside the database, sorted: never a hash, code or token version. */
export const PUBLIC_USER_FIELDS = [
  "dateJoined",
  "deletedAt",
  "email",
  "emailVerified",
  "id",
  "isActive",
  "isStaff",
  "mfaEnabled",
  "phoneNumber",
  "username",
];
