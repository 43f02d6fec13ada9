// A small Dockerfile reader for the deployment tests: Docker does not run on
// the CI machine, so the tests check the file's structure instead of building it.

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY, ENV, USER, HEALTHCHECK, CMD... */
  keyword: string;
  /** Everything after the keyword, with line continuations joined. */
  args: string;
}

export interface Stage {
  /** The image the stage starts from. */
  base: string;
  /** The `AS name` of the stage, if any. */
  name: string | undefined;
  instructions: Instruction[];
}

/** Splits a Dockerfile into its build stages (instructions before the first FROM are dropped). */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructionsOf(text)) {
    if (instruction.keyword === 'FROM') {
      const match = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (match?.[1] === undefined) throw new Error(`Unreadable FROM: ${instruction.args}`);
      stages.push({ base: match[1], name: match[2], instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** The JSON (exec) form of CMD, ENTRYPOINT or HEALTHCHECK CMD; undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  const value: unknown = JSON.parse(args);
  if (!Array.isArray(value) || !value.every((part): part is string => typeof part === 'string')) {
    throw new Error(`Exec form must be an array of strings: ${args}`);
  }
  return value;
}

/** The `KEY=value` pairs of ENV instructions (unquoted values only, which is all Parley uses). */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of stage.instructions.filter((i) => i.keyword === 'ENV')) {
    for (const pair of args.split(/\s+/)) {
      const [key, ...value] = pair.split('=');
      if (key === undefined || key === '' || value.length === 0)
        throw new Error(`Unreadable ENV pair: ${pair}`);
      env[key] = value.join('=');
    }
  }
  return env;
}

/** The stage the image is made of: the last one. */
export function finalStage(stages: Stage[]): Stage {
  const last = stages.at(-1);
  if (last === undefined) throw new Error('The Dockerfile has no FROM');
  return last;
}

export const instructions = (stage: Stage, keyword: string): Instruction[] =>
  stage.instructions.filter((i) => i.keyword === keyword);

function* instructionsOf(text: string): Generator<Instruction> {
  let pending = '';
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    // Comment lines are dropped, even inside a continued instruction (as Docker does).
    if (line === '' || line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    yield toInstruction(pending + line);
    pending = '';
  }
  if (pending !== '') yield toInstruction(pending.trim());
}

function toInstruction(line: string): Instruction {
  const space = line.search(/\s/);
  const keyword = (space === -1 ? line : line.slice(0, space)).toUpperCase();
  return { keyword, args: space === -1 ? '' : line.slice(space).trim() };
}
