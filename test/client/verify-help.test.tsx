import { cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import en from '../../client/src/i18n/locales/en.json' with { type: 'json' };
import ru from '../../client/src/i18n/locales/ru.json' with { type: 'json' };
import uk from '../../client/src/i18n/locales/uk.json' with { type: 'json' };
import { App } from '../../client/src/App.js';
import { i18n, initI18n, type Language } from '../../client/src/i18n/index.js';
import { missingKeys, trackMissingKeys } from './support/missing-keys.js';

// [SIG7] Heads, delegates and observers get plain words and a guide on how to check an
// agreement file, in their language; no developer command is ever shown to them.

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

/** Every string of a locale, flattened. */
const strings = (tree: unknown): string[] =>
  typeof tree === 'string' ? [tree] : Object.values(tree as Record<string, unknown>).flatMap(strings);

describe('how to check an agreement file', () => {
  it('[SIG7] no interface string in any language shows a command line', () => {
    for (const locale of [en, uk, ru]) {
      const developerText = strings(locale).filter((text) =>
        /npm |parley --|agreement verify|\bFILE\b/.test(text),
      );
      expect(developerText).toEqual([]);
    }
  });

  it.each([
    ['en', 'How to check an agreement file', '1. Compare the text hash'],
    ['uk', 'Як перевірити файл угоди', '1. Порівняйте хеш тексту'],
    ['ru', 'Как проверить файл соглашения', '1. Сравните хеш текста'],
  ] as [Language, string, string][])(
    '[SIG7] the guide the link opens is a page of the app, readable without signing in (%s)',
    (language, title, firstStep) => {
      initI18n(language);
      trackMissingKeys();
      window.history.replaceState(null, '', '/help/verify-agreement');
      render(
        <I18nextProvider i18n={i18n}>
          <App />
        </I18nextProvider>,
      );
      expect(screen.getByRole('heading', { level: 1, name: title })).toBeTruthy();
      expect(screen.getByRole('heading', { level: 2, name: firstStep })).toBeTruthy();
      expect(screen.getAllByRole('heading', { level: 2 })).toHaveLength(3);
      expect(screen.getByTestId('verify-help').textContent).not.toMatch(/npm |parley --/);
      expect(missingKeys()).toEqual([]);
    },
  );
});
