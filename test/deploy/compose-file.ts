import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

// Reads docker-compose.yml into a typed shape holding only the parts the
// deployment tests look at; an unexpected shape fails loudly in the schema.

const healthcheckSchema = z.object({
  test: z.union([z.string(), z.array(z.string())]),
  interval: z.string().optional(),
  timeout: z.string().optional(),
  retries: z.number().int().optional(),
  start_period: z.string().optional(),
});

const serviceSchema = z.object({
  image: z.string().optional(),
  build: z.union([z.string(), z.object({ context: z.string() })]).optional(),
  environment: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  volumes: z.array(z.string()).optional(),
  ports: z.array(z.string()).optional(),
  depends_on: z.record(z.string(), z.object({ condition: z.string() })).optional(),
  healthcheck: healthcheckSchema.optional(),
  profiles: z.array(z.string()).optional(),
  restart: z.string().optional(),
});

const composeSchema = z.object({
  services: z.record(z.string(), serviceSchema),
  volumes: z.record(z.string(), z.unknown()).optional(),
});

export type ComposeFile = z.infer<typeof composeSchema>;
export type ComposeService = z.infer<typeof serviceSchema>;

export function readComposeFile(path: string): ComposeFile {
  const raw: unknown = parse(readFileSync(path, 'utf8'));
  return composeSchema.parse(raw);
}

export function service(file: ComposeFile, name: string): ComposeService {
  const found = file.services[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/**
 * Resolves `${VAR}`, `${VAR:-default}` and `$$` the way Compose does, from the
 * given shell environment (empty values count as unset for `:-`).
 */
export function interpolate(value: string, shell: Record<string, string> = {}): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
    (whole, name?: string, fallback?: string) => {
      if (whole === '$$') return '$';
      const given = name === undefined ? undefined : shell[name];
      return given !== undefined && given !== '' ? given : (fallback ?? '');
    },
  );
}

/** A service's environment after interpolation, as the container would see it. */
export function environmentOf(
  svc: ComposeService,
  shell: Record<string, string> = {},
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(svc.environment ?? {}).map(([key, value]) => [
      key,
      interpolate(String(value ?? ''), shell),
    ]),
  );
}

/** `host:container` port mappings as numbers. */
export function portsOf(svc: ComposeService): { host: number; container: number }[] {
  return (svc.ports ?? []).map((mapping) => {
    const match = /^(?:[\d.]+:)?(\d+):(\d+)$/.exec(mapping);
    if (match?.[1] === undefined || match[2] === undefined)
      throw new Error(`Unreadable port mapping: ${mapping}`);
    return { host: Number(match[1]), container: Number(match[2]) };
  });
}
