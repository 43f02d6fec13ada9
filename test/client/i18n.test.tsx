import { describe, expect, it } from 'vitest';
import { localeResources } from '../../client/src/i18n/index.js';

type Tree = { [key: string]: string | Tree };

/** Every leaf of a translation tree as [dotted.key, text]. */
const leaves = (tree: Tree, prefix = ''): [string, string][] =>
  Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string'
      ? [[`${prefix}${key}`, value] as [string, string]]
      : leaves(value, `${prefix}${key}.`),
  );

const placeholders = (text: string): string[] =>
  [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1] ?? '').sort();

const english = new Map(leaves(localeResources.en));

describe('the interface speaks English, Ukrainian and Russian completely', () => {
  it.each(['uk', 'ru'] as const)('the %s translation has exactly the English keys', (language) => {
    const keys = leaves(localeResources[language] as Tree)
      .map(([key]) => key)
      .sort();
    expect(keys).toEqual([...english.keys()].sort());
  });

  it.each(['en', 'uk', 'ru'] as const)('no %s string is empty', (language) => {
    const empty = leaves(localeResources[language] as Tree).filter(([, text]) => text.trim() === '');
    expect(empty).toEqual([]);
  });

  it.each(['uk', 'ru'] as const)(
    'the %s strings use the same {{placeholders}} as the English ones',
    (language) => {
      const mismatched = leaves(localeResources[language] as Tree).filter(
        ([key, text]) => placeholders(text).join() !== placeholders(english.get(key) ?? '').join(),
      );
      expect(mismatched).toEqual([]);
    },
  );
});
