import type { z } from 'zod';
import { DomainError } from '../talks/domain-error.js';

/** Parses a request body with its shared schema; a mismatch is the caller's INVALID_INPUT. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  // Zod's messages name the field and the rule, never the value that was sent.
  const message = parsed.error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
  throw new DomainError('INVALID_INPUT', message);
}
