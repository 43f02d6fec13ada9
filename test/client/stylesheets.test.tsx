import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// A stylesheet whose block is left open (a merge that kept both sides of a conflict but only one
// closing brace) still loads, and quietly scopes every later rule to a media query: the inbox once
// lost its desktop layout that way. Every stylesheet of the client must close what it opens.

const CLIENT = join(import.meta.dirname, '..', '..', 'client', 'src');
const stylesheets = readdirSync(CLIENT, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.css'))
  .map((entry) => join(entry.parentPath, entry.name));

/** The first place where a block closes that was never opened, or the depth left open at the end. */
function unbalanced(css: string): string | null {
  const code = css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  let depth = 0;
  for (const [index, line] of code.split('\n').entries()) {
    for (const char of line) {
      if (char === '{') depth++;
      if (char === '}' && --depth < 0) return `a '}' on line ${index + 1} closes nothing`;
    }
  }
  return depth === 0 ? null : `${depth} block(s) left open at the end`;
}

describe('the client’s stylesheets', () => {
  it('finds the stylesheets', () => {
    expect(stylesheets.length).toBeGreaterThan(0);
  });

  it.each(stylesheets.map((file) => [relative(CLIENT, file), file]))(
    '%s closes every block it opens',
    (_name, file) => {
      expect(unbalanced(readFileSync(file, 'utf8'))).toBeNull();
    },
  );

  it('tells an open block from a closed one', () => {
    expect(unbalanced('@media (max-width: 600px) { .a { color: red; }\n.b { color: blue; }')).toBe(
      '1 block(s) left open at the end',
    );
    expect(unbalanced('.a { content: "}"; } /* { */')).toBeNull();
  });
});
