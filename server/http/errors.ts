import 'server-only';

/** Every error the API reports carries a stable code and a status; the message is safe to show a user. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends ApiError {
  constructor(message: string) {
    super(400, 'BAD_REQUEST', message);
  }
}

export class ForbiddenError extends ApiError {
  constructor(message: string) {
    super(403, 'FORBIDDEN', message);
  }
}

export class NotFoundError extends ApiError {
  constructor(message: string) {
    super(404, 'NOT_FOUND', message);
  }
}

export class ConflictError extends ApiError {
  constructor(message: string) {
    super(409, 'CONFLICT', message);
  }
}

export class PayloadTooLargeError extends ApiError {
  constructor(message: string) {
    super(413, 'PAYLOAD_TOO_LARGE', message);
  }
}

/** The broker did not answer or refused the connection: the request fails fast with 503. */
export class UnreachableError extends ApiError {
  constructor(message: string) {
    super(503, 'UNREACHABLE', message);
  }
}

/** The broker answered but cannot serve the request right now (a retriable protocol error that outlasted retries). */
export class UnavailableError extends ApiError {
  constructor(message: string) {
    super(503, 'UNAVAILABLE', message);
  }
}

export class TimeoutError extends ApiError {
  constructor(message: string) {
    super(503, 'TIMEOUT', message);
  }
}

/** No session (or an expired one) on a route that needs one. */
export class UnauthenticatedError extends ApiError {
  constructor(message: string) {
    super(401, 'UNAUTHENTICATED', message);
  }
}

/** A state-changing request that is cross-site or lacks the CSRF token. */
export class CsrfError extends ApiError {
  constructor(message: string) {
    super(403, 'CSRF_FAILED', message);
  }
}

export class TooManyRequestsError extends ApiError {
  constructor(message: string) {
    super(429, 'TOO_MANY_REQUESTS', message);
  }
}
