/**
 * The words of the documentation report (CMP-6) in the reader's language, from the codes in the
 * report: the same catalogue the web uses (readiness/text), the competence element catalogue for
 * what someone lacks, Norwegian dates. Pure.
 */
import { ELEMENTS, type ElementCode } from '../competence/elements.ts';
import type { DocumentationReport } from '../schema.ts';
import { fillText, norwegianDate } from '../../platform/text/format.ts';
import { READINESS_TEXT, type ReadinessTexts } from '../text/readiness-text.ts';

export type ReportLang = 'nb' | 'en';
type Unit = DocumentationReport['units'][number];
type MissingElement = { code: string; params?: Record<string, string | number> };

export function textsOf(lang: ReportLang): ReadinessTexts {
  return READINESS_TEXT[lang];
}

function pick<K extends string>(table: Record<K, string>, key: string): string {
  return (table as Record<string, string>)[key] ?? key;
}

/** What a person lacks, in the reader's language. */
export function missingText(lang: ReportLang, missing: readonly MissingElement[]): string {
  return missing
    .map((m) => {
      const element = (ELEMENTS as Record<string, { en: string; nb: string } | undefined>)[
        m.code as ElementCode
      ];
      return element ? fillText(element[lang], m.params ?? {}) : m.code;
    })
    .join('; ');
}

export function unitKindText(lang: ReportLang, kind: string): string {
  return pick(textsOf(lang).unitKind, kind);
}

export function agreementText(lang: ReportLang, a: Unit['agreements'][number]): string {
  const type = pick(textsOf(lang).agreementType, a.type);
  return a.equipmentLabel ? `${type} – ${a.equipmentLabel}` : type;
}

export function agreementStatusText(lang: ReportLang, status: string): string {
  return pick(textsOf(lang).agreementStatus, status);
}

export function blockerText(lang: ReportLang, u: Unit, b: Unit['blockers'][number]): string {
  const t = textsOf(lang);
  const what = pick(t.blocker, b.code);
  switch (b.code) {
    case 'agreement-missing':
    case 'agreement-not-signed': {
      const agreement = u.agreements.find(
        (a) => a.type === b.agreementType && a.equipmentId === (b.equipmentId ?? null),
      );
      return `${what}: ${agreement ? agreementText(lang, agreement) : pick(t.agreementType, b.agreementType ?? '')}`;
    }
    case 'staff-untrained':
      return `${what}: ${b.personName ?? ''} – ${missingText(lang, b.missingElements ?? [])}`;
    default:
      return what;
  }
}

export function warningText(lang: ReportLang, w: Unit['timelineWarnings'][number]): string {
  const t = textsOf(lang);
  if (w.code === 'planned-beyond-twelve-months') return t.warning['planned-beyond-twelve-months'];
  return fillText(w.severity === 'overdue' ? t.warning.overdue : t.warning.warning, {
    milestone: pick(t.timeline, w.milestone),
    date: norwegianDate(w.due),
  });
}
