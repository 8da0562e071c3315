-- AlterEnum
ALTER TYPE "ChallengeKind" ADD VALUE 'provider_sign_up';

-- AlterTable
ALTER TABLE "AuthChallenge" ADD COLUMN     "payload" JSONB;

-- AlterTable
ALTER TABLE "User" ALTER COLUMN "passwordHash" DROP NOT NULL;
