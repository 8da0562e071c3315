-- CreateEnum
CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('pending', 'delivered', 'failed');

-- AlterEnum
ALTER TYPE "ChallengeKind" ADD VALUE 'first_run_setup';

-- CreateTable
CREATE TABLE "EventDailyCount" (
    "day" DATE NOT NULL,
    "type" TEXT NOT NULL,
    "shard" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "EventDailyCount_pkey" PRIMARY KEY ("day","type","shard")
);

-- CreateTable
CREATE TABLE "UserTotals" (
    "shard" INTEGER NOT NULL,
    "users" INTEGER NOT NULL DEFAULT 0,
    "active" INTEGER NOT NULL DEFAULT 0,
    "staff" INTEGER NOT NULL DEFAULT 0,
    "emailVerified" INTEGER NOT NULL DEFAULT 0,
    "mfaEnabled" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "UserTotals_pkey" PRIMARY KEY ("shard")
);

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT,
    "events" TEXT[],
    "secret" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "lastStatus" INTEGER,
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_endpointId_createdAt_idx" ON "WebhookDelivery"("endpointId", "createdAt" DESC);

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: the counters the staff overview reads, kept by the database as rows are written.
-- Statement triggers with transition tables: one upsert per statement, however many rows, and
-- none when a statement changes no counted state. A random shard of 8 keeps concurrent writers
-- off one row lock. "at" is a UTC timestamp without time zone, so "at"::date is its UTC day.

CREATE FUNCTION "count_security_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "EventDailyCount" ("day", "type", "shard", "count")
  SELECT "at"::date, "type", floor(random() * 8)::int, count(*) FROM new_events GROUP BY 1, 2
  ON CONFLICT ("day", "type", "shard") DO UPDATE SET "count" = "EventDailyCount"."count" + EXCLUDED."count";
  RETURN NULL;
END $$;

CREATE TRIGGER "SecurityEvent_count" AFTER INSERT ON "SecurityEvent"
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION "count_security_events"();

CREATE FUNCTION "forget_security_event_counts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "EventDailyCount";
  RETURN NULL;
END $$;

CREATE TRIGGER "SecurityEvent_truncate" AFTER TRUNCATE ON "SecurityEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "forget_security_event_counts"();

CREATE FUNCTION "count_users"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  added int[] := ARRAY[0, 0, 0, 0, 0];
  removed int[] := ARRAY[0, 0, 0, 0, 0];
  delta int[];
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT ARRAY[
      count(*) FILTER (WHERE "deletedAt" IS NULL),
      count(*) FILTER (WHERE "deletedAt" IS NULL AND "isActive"),
      count(*) FILTER (WHERE "deletedAt" IS NULL AND "isStaff"),
      count(*) FILTER (WHERE "deletedAt" IS NULL AND "emailVerified" IS NOT NULL),
      count(*) FILTER (WHERE "deletedAt" IS NULL AND "mfaEnabled")
    ] INTO added FROM new_rows;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT ARRAY[
      count(*) FILTER (WHERE "deletedAt" IS NULL),
      count(*) FILTER (WHERE "deletedAt" IS NULL AND "isActive"),
      count(*) FILTER (WHERE "deletedAt" IS NULL AND "isStaff"),
      count(*) FILTER (WHERE "deletedAt" IS NULL AND "emailVerified" IS NOT NULL),
      count(*) FILTER (WHERE "deletedAt" IS NULL AND "mfaEnabled")
    ] INTO removed FROM old_rows;
  END IF;
  delta := ARRAY[added[1] - removed[1], added[2] - removed[2], added[3] - removed[3],
                 added[4] - removed[4], added[5] - removed[5]];
  IF delta = ARRAY[0, 0, 0, 0, 0] THEN
    RETURN NULL;
  END IF;
  INSERT INTO "UserTotals" ("shard", "users", "active", "staff", "emailVerified", "mfaEnabled")
  VALUES (floor(random() * 8)::int, delta[1], delta[2], delta[3], delta[4], delta[5])
  ON CONFLICT ("shard") DO UPDATE SET
    "users" = "UserTotals"."users" + EXCLUDED."users",
    "active" = "UserTotals"."active" + EXCLUDED."active",
    "staff" = "UserTotals"."staff" + EXCLUDED."staff",
    "emailVerified" = "UserTotals"."emailVerified" + EXCLUDED."emailVerified",
    "mfaEnabled" = "UserTotals"."mfaEnabled" + EXCLUDED."mfaEnabled";
  RETURN NULL;
END $$;

CREATE TRIGGER "User_count_insert" AFTER INSERT ON "User"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "count_users"();
CREATE TRIGGER "User_count_update" AFTER UPDATE ON "User"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "count_users"();
CREATE TRIGGER "User_count_delete" AFTER DELETE ON "User"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "count_users"();

CREATE FUNCTION "forget_user_counts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "UserTotals";
  RETURN NULL;
END $$;

CREATE TRIGGER "User_truncate" AFTER TRUNCATE ON "User"
  FOR EACH STATEMENT EXECUTE FUNCTION "forget_user_counts"();

-- What was there before the triggers.
INSERT INTO "EventDailyCount" ("day", "type", "shard", "count")
SELECT "at"::date, "type", 0, count(*) FROM "SecurityEvent" GROUP BY 1, 2;

INSERT INTO "UserTotals" ("shard", "users", "active", "staff", "emailVerified", "mfaEnabled")
SELECT 0,
  count(*) FILTER (WHERE "deletedAt" IS NULL),
  count(*) FILTER (WHERE "deletedAt" IS NULL AND "isActive"),
  count(*) FILTER (WHERE "deletedAt" IS NULL AND "isStaff"),
  count(*) FILTER (WHERE "deletedAt" IS NULL AND "emailVerified" IS NOT NULL),
  count(*) FILTER (WHERE "deletedAt" IS NULL AND "mfaEnabled")
FROM "User";
