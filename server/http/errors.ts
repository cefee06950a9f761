import 'server-only';

const API_ERROR: unique symbol = Symbol.for('wharf.api-error');

/** Every error the API reports carries a stable code and a status; the message is safe to show a user. */
export class ApiError extends Error {
  readonly [API_ERROR] = true;
  /** The code every error of a subclass has; ApiError itself has none and takes in them all. */
  static readonly code: string | undefined = undefined;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /**
   * `instanceof` by a global brand and the code, not by prototype: a production build can hold two copies of this
   * module (one in the chunk that made the shared connectors at start-up, one in a route's), and an error made by
   * one copy's class must be recognised by the other's. It was not: the route answered a broker's 503 as a 500.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null || (value as { [API_ERROR]?: unknown })[API_ERROR] !== true) return false;
    const code = (this as typeof ApiError).code;
    return code === undefined || (value as ApiError).code === code;
  }
}

export class BadRequestError extends ApiError {
  static override readonly code = 'BAD_REQUEST';
  constructor(message: string) {
    super(400, BadRequestError.code, message);
  }
}

export class ForbiddenError extends ApiError {
  static override readonly code = 'FORBIDDEN';
  constructor(message: string) {
    super(403, ForbiddenError.code, message);
  }
}

export class NotFoundError extends ApiError {
  static override readonly code = 'NOT_FOUND';
  constructor(message: string) {
    super(404, NotFoundError.code, message);
  }
}

export class ConflictError extends ApiError {
  static override readonly code = 'CONFLICT';
  constructor(message: string) {
    super(409, ConflictError.code, message);
  }
}

export class PayloadTooLargeError extends ApiError {
  static override readonly code = 'PAYLOAD_TOO_LARGE';
  constructor(message: string) {
    super(413, PayloadTooLargeError.code, message);
  }
}

/** The broker did not answer or refused the connection: the request fails fast with 503. */
/** The broker lacks what the request needs (an API or version, a feature such as share groups). */
export class UnsupportedError extends ApiError {
  static override readonly code = 'UNSUPPORTED';
  constructor(message: string) {
    super(501, UnsupportedError.code, message);
  }
}

export class UnreachableError extends ApiError {
  static override readonly code = 'UNREACHABLE';
  constructor(message: string) {
    super(503, UnreachableError.code, message);
  }
}

/** The broker answered but cannot serve the request right now (a retriable protocol error that outlasted retries). */
export class UnavailableError extends ApiError {
  static override readonly code = 'UNAVAILABLE';
  constructor(message: string) {
    super(503, UnavailableError.code, message);
  }
}

export class TimeoutError extends ApiError {
  static override readonly code = 'TIMEOUT';
  constructor(message: string) {
    super(503, TimeoutError.code, message);
  }
}

/** No session (or an expired one) on a route that needs one. */
export class UnauthenticatedError extends ApiError {
  static override readonly code = 'UNAUTHENTICATED';
  constructor(message: string) {
    super(401, UnauthenticatedError.code, message);
  }
}

/** A state-changing request that is cross-site or lacks the CSRF token. */
export class CsrfError extends ApiError {
  static override readonly code = 'CSRF_FAILED';
  constructor(message: string) {
    super(403, CsrfError.code, message);
  }
}

export class TooManyRequestsError extends ApiError {
  static override readonly code = 'TOO_MANY_REQUESTS';
  constructor(message: string) {
    super(429, TooManyRequestsError.code, message);
  }
}
