import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  FIXED_MESSAGES,
  HTTP_STATUS,
  LIMITS,
  type ErrorBody,
  type ErrorCode,
} from '../../../shared/src/index.js';
import { DomainError, isDomainError, notFound } from '../talks/domain-error.js';

// Every HTTP error leaves as `{ error: { code, message } }` with a code from the
// shared table. Framework messages are never passed on: a JSON parse error, for
// one, quotes the body it failed on.

const FRAMEWORK_ERRORS: Record<string, ErrorBody> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'PAYLOAD_TOO_LARGE',
    message: `The request body is larger than the limit of ${LIMITS.maxMessageBytes / 1024} KiB.`,
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'INVALID_INPUT', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'INVALID_INPUT', message: 'The request body is empty.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'INVALID_INPUT',
    message: 'Send the request body as application/json.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'INVALID_INPUT',
    message: 'The Content-Length header does not match the body.',
  },
};

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
};

/** The public body for any error thrown while answering a request. */
export function errorBodyOf(error: unknown): ErrorBody {
  if (isDomainError(error)) {
    return error.code === 'INTERNAL'
      ? { code: 'INTERNAL', message: FIXED_MESSAGES.INTERNAL }
      : error.toBody();
  }
  const known = FRAMEWORK_ERRORS[frameworkCode(error) ?? ''];
  if (known !== undefined) return known;
  const status = statusOf(error);
  if (status !== undefined && status >= 400 && status < 500) {
    if (hasValidation(error)) return { code: 'INVALID_INPUT', message: 'The request is not valid.' };
    const code = STATUS_CODES[status] ?? 'INVALID_INPUT';
    return new DomainError(code, code === 'INVALID_INPUT' ? 'The request is not valid.' : undefined).toBody();
  }
  return { code: 'INTERNAL', message: FIXED_MESSAGES.INTERNAL };
}

/** Installs the error and not-found handlers on the root instance. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => sendError(request, reply, error));
  app.setNotFoundHandler((request, reply) => sendError(request, reply, notFound()));
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const body = errorBodyOf(error);
  const status = HTTP_STATUS[body.code];
  if (status >= 500) {
    request.log.error({ err: error, code: body.code }, 'request failed');
  } else {
    request.log.info({ code: body.code }, 'request refused');
  }
  return reply.code(status).type('application/json; charset=utf-8').send({ error: body });
}

const fieldOf = (error: unknown, field: string): unknown =>
  typeof error === 'object' && error !== null && field in error
    ? (error as Record<string, unknown>)[field]
    : undefined;

const frameworkCode = (error: unknown): string | undefined => {
  const code = fieldOf(error, 'code');
  return typeof code === 'string' ? code : undefined;
};

const statusOf = (error: unknown): number | undefined => {
  const status = fieldOf(error, 'statusCode');
  return typeof status === 'number' ? status : undefined;
};

const hasValidation = (error: unknown): boolean => fieldOf(error, 'validation') !== undefined;
