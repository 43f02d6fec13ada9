import { createHash } from 'node:crypto';
import { algorithmOf, type AgreementBundle } from '../../../shared/src/agreement.js';
import { LANGUAGES, type Language, type LanguageTexts } from '../../../shared/src/index.js';

// The printable page of an agreement bundle ([LNG3]): every clause and term in every
// language side by side, the languages that are not authentic marked, the glossary's
// terms highlighted in the text with their definitions, the signatures with their key
// thumbprints. No script at all; the one inline stylesheet is allowed by its hash, so
// the page keeps a strict Content-Security-Policy wherever it is opened.

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', uk: 'Українська', ru: 'Русский' };

const STYLE = `
body { font: 11pt/1.5 Georgia, 'Times New Roman', serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #111; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { border: 1px solid #999; padding: 0.4rem 0.6rem; vertical-align: top; text-align: left; }
th { background: #eee; }
td.number { width: 2rem; text-align: right; }
.not-authentic { color: #555; font-style: italic; }
.badge { font-size: 0.8rem; font-weight: normal; }
mark.term { background: none; border-bottom: 1px dotted #333; }
code { font: 8pt/1.3 monospace; word-break: break-all; }
footer { margin-top: 2rem; font-size: 0.9rem; }
@media print { body { margin: 0; max-width: none; } th { background: none; } }
`.trim();

const CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Defined {
  word: string;
  definition: string;
}

/** The text, escaped, with every whole-word occurrence of a defined term marked with its definition. */
function withTerms(text: string, terms: Defined[]): string {
  const words = terms.filter((term) => term.word !== '').sort((a, b) => b.word.length - a.word.length);
  if (words.length === 0) return escapeHtml(text);
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])(${words.map((t) => escapeRegExp(t.word)).join('|')})(?![\\p{L}\\p{N}])`,
    'giu',
  );
  let html = '';
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const found = words.find((term) => term.word.toLowerCase() === match[0].toLowerCase());
    html += escapeHtml(text.slice(last, match.index));
    html += `<mark class="term" title="${escapeHtml(found?.definition ?? '')}">${escapeHtml(match[0])}</mark>`;
    last = match.index + match[0].length;
  }
  return html + escapeHtml(text.slice(last));
}

function languageHeader(language: Language, authentic: Language): string {
  const mark =
    language === authentic
      ? '<span class="badge">(authentic)</span>'
      : '<span class="badge not-authentic">(not authentic)</span>';
  return `<th lang="${language}">${LANGUAGE_NAMES[language]} ${mark}</th>`;
}

function cells(texts: LanguageTexts, authentic: Language, terms: Record<Language, Defined[]>): string {
  return LANGUAGES.map((language) => {
    const css = language === authentic ? '' : ' class="not-authentic"';
    return `<td lang="${language}"${css}>${withTerms(texts[language], terms[language])}</td>`;
  }).join('');
}

function definedTerms(bundle: AgreementBundle): Record<Language, Defined[]> {
  return Object.fromEntries(
    LANGUAGES.map((language) => [
      language,
      bundle.glossary.map((term) => ({ word: term.term[language], definition: term.definition[language] })),
    ]),
  ) as Record<Language, Defined[]>;
}

const table = (head: string, rows: string[]): string =>
  `<table><thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody></table>`;

function textSection(bundle: AgreementBundle, headers: string): string {
  const terms = definedTerms(bundle);
  const rows = bundle.texts.map(
    (clause) =>
      `<tr><td class="number">${clause.number}</td>${cells(clause.texts, bundle.authenticLanguage, terms)}</tr>`,
  );
  return `<section>\n<h2>Text</h2>\n${table(`<th>#</th>${headers}`, rows)}\n</section>`;
}

function glossarySection(bundle: AgreementBundle, headers: string): string {
  // A text without defined terms prints no empty table.
  if (bundle.glossary.length === 0) return '';
  const row = (texts: LanguageTexts) => cells(texts, bundle.authenticLanguage, { en: [], uk: [], ru: [] });
  const rows = bundle.glossary.map(
    (term) => `<tr><th>term</th>${row(term.term)}</tr><tr><th>definition</th>${row(term.definition)}</tr>`,
  );
  return `<section>\n<h2>Glossary</h2>\n${table(`<th></th>${headers}`, rows)}\n</section>`;
}

function signaturesSection(bundle: AgreementBundle, thumbprints: Record<string, string>): string {
  const partyName = new Map(bundle.parties.map((party) => [party.id, party.name]));
  const rows = bundle.signatures.map((signature) =>
    [
      escapeHtml(partyName.get(signature.partyId) ?? signature.partyId),
      escapeHtml(signature.displayName),
      algorithmOf(signature.jwk),
      `<code>${escapeHtml(thumbprints[signature.partyId] ?? '')}</code>`,
      `<code>${escapeHtml(signature.jws)}</code>`,
    ]
      .map((cell) => `<td>${cell}</td>`)
      .join(''),
  );
  const head =
    '<th>Party</th><th>Signed by</th><th>Algorithm</th><th>Key thumbprint (RFC 7638)</th><th>JWS</th>';
  return `<section>\n<h2>Signatures</h2>\n${table(
    head,
    rows.map((cellsOf) => `<tr>${cellsOf}</tr>`),
  )}\n</section>`;
}

/** The page and the Content-Security-Policy it must be served with. */
export function renderBundleHtml(
  bundle: AgreementBundle,
  thumbprints: Record<string, string>,
): { html: string; csp: string } {
  const authentic = bundle.authenticLanguage;
  const headers = LANGUAGES.map((language) => languageHeader(language, authentic)).join('');
  const parties = bundle.parties.map((party) => escapeHtml(party.name)).join(', ');
  const status = bundle.concluded ? 'Signed by every party.' : 'Agreed; awaiting signatures.';
  const html = `<!doctype html>
<html lang="${authentic}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(bundle.title)}: agreed text, version ${bundle.version}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(bundle.title)}</h1>
<p>Agreed text, version ${bundle.version}. Parties: ${parties}. Authentic language: ${LANGUAGE_NAMES[authentic]} (${authentic}); the other languages are translations. ${status}</p>
</header>
${textSection(bundle, headers)}
${glossarySection(bundle, headers)}
${signaturesSection(bundle, thumbprints)}
<footer>
<p>Text hash (SHA-256 of the canonical JSON of the text in every language and the glossary): <code>${escapeHtml(bundle.textHash)}</code></p>
<p>Audit chain head when exported: <code>${escapeHtml(bundle.auditHead.hash)}</code> at ${escapeHtml(bundle.auditHead.at)}</p>
<p>Talks ${escapeHtml(bundle.talksId)}. Check the JSON export offline with <code>npm run parley -- agreement verify FILE</code>.</p>
</footer>
</body>
</html>
`;
  return { html, csp: CSP };
}
