import { z } from "zod";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { ConflictError, DomainError, NotFoundError, ServiceUnavailableError, ValidationError } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/validation/issues";

/**
 * What a thrown value means to the caller: a DomainError, which the caller may be told about, or
 * undefined for anything unexpected (a bug, to be logged and hidden). Both doors start from this
 * one mapping: the API renders it as problem+json, the server actions as form state.
 */
export function knownFailure(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  if (error instanceof z.ZodError) return new ValidationError(fieldErrorsOf(error));
  if (isDatabaseUnavailable(error)) return new ServiceUnavailableError("database");
  // Prisma's own errors that mean the caller's fault, not ours.
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  if (name === "PrismaClientKnownRequestError" && code === "P2002")
    return new ConflictError({}, "A value is already taken.");
  if (name === "PrismaClientKnownRequestError" && code === "P2025") return new NotFoundError();
  return undefined;
}
