/**
 * Domain failures. lib/ throws these; the HTTP layer (lib/http) and the server actions map them
 * to problem+json statuses and form errors. Nothing here knows about HTTP.
 */

export type FieldErrors = Record<string, string[]>;

export abstract class DomainError extends Error {}

/** Input that breaks a rule; `fieldErrors` is keyed by the input's field names. */
export class ValidationError extends DomainError {
  constructor(
    readonly fieldErrors: FieldErrors,
    message = "The request has invalid fields.",
  ) {
    super(message);
  }
}

/** A unique value is already taken; `fieldErrors` names each taken field. */
export class ConflictError extends DomainError {
  constructor(
    readonly fieldErrors: FieldErrors,
    message = "A value is already taken.",
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  constructor(message = "Not found.") {
    super(message);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = "Authentication is required.") {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "You are not allowed to do this.") {
    super(message);
  }
}

/** A staff user without a second factor, where STAFF_MFA_REQUIRED asks for one: enrol, then come back. */
export class SecondFactorRequiredError extends ForbiddenError {
  constructor() {
    super("Staff must turn on two-factor authentication (an authenticator app or a passkey) to use this.");
  }
}

/**
 * A change that an account without a password may make only soon after signing in: the sign-in
 * stands in for the password it cannot be asked.
 */
export class RecentSignInRequiredError extends ForbiddenError {}

/** Too many requests or a locked-out login; the caller may retry after `retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    message = "Too many requests. Try again later.",
  ) {
    super(message);
  }
}

/**
 * A sign-in refused while the account is locked out for this client. A completed password reset
 * lifts it (the reset starts the account's counters afresh), so the answer says so; it says the
 * same for an identifier that names no one.
 */
export class LockedOutError extends RateLimitedError {
  constructor(retryAfterSeconds: number) {
    super(
      retryAfterSeconds,
      "Too many failed sign-in attempts. Try again later, or reset your password to sign in now.",
    );
  }
}

/** A dependency (database, rate limiter, mail) cannot serve; `part` names it. */
export class ServiceUnavailableError extends DomainError {
  constructor(
    readonly part: string,
    message = "The service is temporarily unavailable.",
  ) {
    super(message);
  }
}
