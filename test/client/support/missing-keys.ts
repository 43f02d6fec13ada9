import { i18n } from '../../../client/src/i18n/index.js';

// Collects every translation key a rendered view asked for but no language
// has, so component tests prove each visible string is translated.

const missing = new Set<string>();

export function trackMissingKeys(): void {
  i18n.options.saveMissing = true;
  i18n.options.missingKeyHandler = (_languages, _namespace, key) => {
    missing.add(key);
  };
}

export function missingKeys(): string[] {
  return [...missing].sort();
}
