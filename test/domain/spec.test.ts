import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// docs/SPEC.md is the one list of rule ids. These checks keep it, the code and the
// tests in step: an id named anywhere is defined there, and every rule of the pure
// domain has a given/when/then test that carries its id.

const ROOT = join(import.meta.dirname, '..', '..');
const ID = /\[([A-Z]{2,4}\d+)\]/g;

function filesUnder(dir: string, accept: (name: string) => boolean): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && accept(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

const idsIn = (text: string): string[] => [...text.matchAll(ID)].map((match) => match[1] ?? '');

const spec = readFileSync(join(ROOT, 'docs', 'SPEC.md'), 'utf8');
const defined = [...spec.matchAll(/^\s*- \*\*\[([A-Z]{2,4}\d+)\]\*\*/gm)].map((match) => match[1] ?? '');

/** The titles of it() and describe() calls in a test file. */
const testTitles = (file: string): string[] =>
  [...readFileSync(join(ROOT, file), 'utf8').matchAll(/\b(?:it|describe|test)\(\s*(['"`])(.*?)\1/g)].map(
    (match) => match[2] ?? '',
  );

const isSource = (name: string) => name.endsWith('.ts') && !name.endsWith('.d.ts');
const isTest = (name: string) => /\.test\.tsx?$/.test(name);

describe('docs/SPEC.md and the rule ids', () => {
  it('defines every id once', () => {
    expect(defined.length).toBeGreaterThan(0);
    expect(defined.filter((id, index) => defined.indexOf(id) !== index)).toEqual([]);
  });

  it('defines every id that the server code names', () => {
    const named = filesUnder('server/src', isSource).flatMap((file) =>
      idsIn(readFileSync(join(ROOT, file), 'utf8')).map((id) => `${id} (${file})`),
    );
    expect(named.filter((entry) => !defined.includes(entry.split(' ')[0] ?? ''))).toEqual([]);
  });

  it('defines every id that a test name carries', () => {
    const carried = filesUnder('test', isTest).flatMap((file) =>
      testTitles(file).flatMap((title) => idsIn(title).map((id) => `${id} (${file})`)),
    );
    expect(carried.filter((entry) => !defined.includes(entry.split(' ')[0] ?? ''))).toEqual([]);
  });

  it('has a given/when/then test in test/domain for every rule the domain code names', () => {
    const domainIds = new Set(
      [...filesUnder('server/src/talks', isSource), ...filesUnder('server/src/visibility', isSource)].flatMap(
        (file) => idsIn(readFileSync(join(ROOT, file), 'utf8')),
      ),
    );
    const tested = new Set(
      filesUnder('test/domain', isTest).flatMap((file) => testTitles(file).flatMap(idsIn)),
    );
    expect([...domainIds].filter((id) => !tested.has(id)).sort()).toEqual([]);
    expect(domainIds.size).toBeGreaterThan(20);
  });
});
