-- CreateEnum
CREATE TYPE "SessionKind" AS ENUM ('browser', 'api');

-- CreateEnum
CREATE TYPE "CodePurpose" AS ENUM ('password_reset', 'email_verification');

-- next-auth keeps its sessions in JWT cookies and never wrote a row here: the table becomes the session registry.
DROP TABLE "Session";

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" "SessionKind" NOT NULL,
    "tokenVersion" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "ip" TEXT NOT NULL,
    "userAgent" TEXT NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- Reset codes become one-time codes with a purpose; codes live at the upgrade keep working.
ALTER TABLE "PasswordResetCode" RENAME TO "OneTimeCode";
ALTER TABLE "OneTimeCode" RENAME CONSTRAINT "PasswordResetCode_pkey" TO "OneTimeCode_pkey";
ALTER TABLE "OneTimeCode" RENAME CONSTRAINT "PasswordResetCode_userId_fkey" TO "OneTimeCode_userId_fkey";
DROP INDEX "PasswordResetCode_userId_key";
ALTER TABLE "OneTimeCode" ADD COLUMN "purpose" "CodePurpose" NOT NULL DEFAULT 'password_reset',
ADD COLUMN "email" TEXT;
ALTER TABLE "OneTimeCode" ALTER COLUMN "purpose" DROP DEFAULT;

-- CreateTable
CREATE TABLE "SecurityEvent" (
    "id" BIGSERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" TEXT,
    "actorId" TEXT,
    "ip" TEXT,
    "userAgent" TEXT,
    "detail" JSONB,

    CONSTRAINT "SecurityEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OneTimeCode_userId_purpose_key" ON "OneTimeCode"("userId", "purpose");

-- CreateIndex
CREATE INDEX "SecurityEvent_userId_at_idx" ON "SecurityEvent"("userId", "at" DESC);

-- CreateIndex
CREATE INDEX "SecurityEvent_type_at_idx" ON "SecurityEvent"("type", "at");

-- CreateIndex
CREATE INDEX "SecurityEvent_at_idx" ON "SecurityEvent" USING BRIN ("at");

-- CreateIndex
CREATE INDEX "Session_userId_createdAt_idx" ON "Session"("userId", "createdAt");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- AddForeignKey
ALTER TABLE "SecurityEvent" ADD CONSTRAINT "SecurityEvent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SecurityEvent" ADD CONSTRAINT "SecurityEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
