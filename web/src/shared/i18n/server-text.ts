/**
 * Renders what the server means — a message code and its parameters — in the user's language.
 * The server sends codes (problem `detailCode`, field error `code`, CSV row `code`, trace `step`,
 * missing competence elements) and English text for logs; the screen never shows that English on
 * a Norwegian page: a code without a text here renders as nothing, and the caller falls back to
 * the problem's translated title.
 *
 * Parameters: ISO dates become dd.mm.åååå, ISO instants a date and time in Oslo; a parameter
 * whose value has a text under `value.<name>.<value>` (network, kind, scope, weekday …) is shown
 * with that text. Some codes have variants picked by a parameter (`dayKind`) or a flag.
 */
import { ELEMENTS, type ElementCode } from '../../../../src/readiness/competence/elements.ts';
import { serverNb, type ServerMessageKey } from './server-messages.nb.ts';
import { serverEn } from './server-messages.en.ts';
import { format, formatDate, formatDateTime, type Lang } from './i18n.tsx';

export type Params = Record<string, unknown>;

const dictionaries: Record<Lang, Record<ServerMessageKey, string>> = { nb: serverNb, en: serverEn };

function lookup(lang: Lang, key: string): string | undefined {
  const dict = dictionaries[lang] as Record<string, string>;
  return Object.prototype.hasOwnProperty.call(dict, key) ? dict[key] : undefined;
}

function renderValue(lang: Lang, name: string, value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return '';
  const named = lookup(lang, `value.${name}.${value}`);
  if (named !== undefined) return named;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return formatDateTime(value);
  return value;
}

function renderParams(lang: Lang, params: Params | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params ?? {})) out[name] = renderValue(lang, name, value);
  return out;
}

/** The variant of a code chosen by its parameters (`.saturday`, `.hidden`, `.random` …). */
function variantOf(params: Params | undefined): string[] {
  if (!params) return [];
  const out: string[] = [];
  if (typeof params.dayKind === 'string') out.push(params.dayKind);
  for (const flag of ['fixed', 'random', 'hash', 'given', 'policy']) if (params[flag] === 1) out.push(flag);
  if (params.number === '') out.push('hidden');
  return out;
}

/** The text for `code` with `params`, or undefined when this language has none. */
export function serverText(lang: Lang, code: string | undefined, params?: Params): string | undefined {
  if (!code) return undefined;
  if (code.startsWith('element.')) {
    const element = ELEMENTS[code.slice('element.'.length) as ElementCode] as
      { en: string; nb: string } | undefined;
    return element ? format(element[lang], renderParams(lang, params)) : undefined;
  }
  for (const variant of variantOf(params)) {
    const text = lookup(lang, `${code}.${variant}`);
    if (text !== undefined) return format(text, renderParams(lang, params));
  }
  const text = lookup(lang, code);
  return text === undefined ? undefined : format(text, renderParams(lang, params));
}

/** A field error (or CSV row error) in the user's language; English only on an English page. */
export function fieldText(lang: Lang, e: { code?: string; params?: Params; message: string }): string {
  const text = serverText(lang, e.code ? `field.${e.code}` : undefined, e.params);
  if (text !== undefined) return text;
  return lang === 'en' ? e.message : (lookup('nb', 'field.invalid') ?? '');
}

/** One step of a routing trace in the user's language (the server sends only its code and values). */
export function traceText(lang: Lang, s: { step: string; params?: Params }): string {
  const text = s.params ? serverText(lang, `trace.${s.step}`, s.params) : undefined;
  if (text !== undefined) return text;
  const plain = serverText(lang, `trace.${s.step}`, {});
  return plain !== undefined && !plain.includes('{') ? plain : s.step;
}

/** Competence elements someone lacks (codes of the element catalogue), joined for a sentence. */
export function elementsText(lang: Lang, elements: readonly { code: string; params?: Params }[]): string {
  return elements.map((e) => serverText(lang, `element.${e.code}`, e.params) ?? e.code).join('; ');
}
