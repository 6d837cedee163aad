/**
 * Issue 8: the server says what it means as codes with parameters and the web renders them in
 * bokmål (English when chosen). This test reads the server's source for every code it can send —
 * refusal codes, CSV row codes, schema rules, routing trace steps — and fails when one has no
 * text in either language, so no English server text can reach a Norwegian screen unnoticed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverNb } from './server-messages.nb.ts';
import { serverEn } from './server-messages.en.ts';
import { elementsText, fieldText, serverText, traceText } from './server-text.ts';

const root = join(import.meta.dirname, '../../../../src');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const text = sources(root)
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

function codes(pattern: RegExp): string[] {
  return [...new Set([...text.matchAll(pattern)].map((m) => m[1]!))].sort();
}

const has = (dict: Record<string, string>, code: string) =>
  code in dict || Object.keys(dict).some((k) => k.startsWith(`${code}.`));

describe('server message codes have texts in bokmål and English (issue 8)', () => {
  const refusals = codes(
    /code: '((?:reroute|training|centre|roster|csv|calls?|auth|plan|test-calls|amk|nodnett)\.[a-z.-]+)'/g,
  ).filter((c) => !c.startsWith('csv.'));
  const refusalRefuse = codes(/refuse\(\s*'[a-z]+',\s*(?:`[^`]*`|'[^']*'),\s*'([a-z.-]+)'/g);
  const csvRows = codes(/code: '(csv\.[a-z-]+)'/g).filter((c) => c !== 'csv.refused');
  const rules = codes(/rule\('([a-z-]+)'/g);
  const steps = codes(/step: '([a-z-]+)'/g);
  const reasons = ['unknown-centre', 'same-centre', 'bad-window', 'cycle']; // validateReroute's codes, prefixed

  it('finds the codes in the source (the scan works)', () => {
    expect(refusals.length).toBeGreaterThan(15);
    expect(refusalRefuse).toContain('reroute.planned-not-working-day');
    expect(csvRows).toContain('csv.person-not-found');
    expect(rules).toContain('hpr-number');
    expect(steps).toContain('series-match');
    expect(refusals).toContain('auth.oidc.unknown-identity');
  });

  it.each([
    ['refusals', () => [...refusals, ...refusalRefuse, ...reasons.map((r) => `reroute.${r}`), 'csv.refused']],
    ['CSV row errors', () => csvRows.map((c) => `field.${c}`)],
    ['schema rules', () => rules.map((r) => `field.rule.${r}`)],
    ['trace steps', () => steps.map((s) => `trace.${s}`)],
  ] as const)('%s', (_what, list) => {
    const missingNb = list().filter((c) => !has(serverNb, c));
    const missingEn = list().filter((c) => !has(serverEn, c));
    expect({ missingNb, missingEn }).toEqual({ missingNb: [], missingEn: [] });
  });
});

describe('rendering', () => {
  it('a planned re-route on a Saturday reads in bokmål with a Norwegian date (RT-7)', () => {
    expect(
      serverText('nb', 'reroute.planned-not-working-day', { date: '2030-01-05', dayKind: 'saturday' }),
    ).toBe(
      'Planlagte omrutinger starter på virkedager; 05.01.2030 er en lørdag. Bruk akutt omruting hvis det ikke kan vente.',
    );
    expect(
      serverText('en', 'reroute.planned-not-working-day', {
        date: '2026-04-03',
        dayKind: 'holiday',
        holiday: 'Langfredag',
      }),
    ).toContain('03.04.2026 is a public holiday (Langfredag)');
  });

  it('field errors: zod codes with parameters, rules, and never English on a Norwegian page', () => {
    expect(fieldText('nb', { code: 'too_small.string', params: { minimum: 3 }, message: 'Too small' })).toBe(
      'Må ha minst 3 tegn',
    );
    expect(fieldText('nb', { code: 'rule.digits', params: { count: 4 }, message: '4 digits' })).toBe(
      '4 sifre',
    );
    expect(fieldText('nb', { code: 'something-new', message: 'English only' })).toBe('Ugyldig verdi');
    expect(fieldText('en', { code: 'something-new', message: 'English only' })).toBe('English only');
  });

  it('trace steps render from their parameters; values such as the network are translated', () => {
    expect(
      traceText('nb', {
        step: 'call',
        params: { network: 'fixed', number: '55555555' },
      }),
    ).toBe('Fasttelefon-anrop fra 55555555 til 116117');
    expect(traceText('nb', { step: 'call', params: { network: 'mobile', number: '' } })).toBe(
      'Mobil-anrop fra skjult nummer til 116117',
    );
    expect(
      traceText('nb', {
        step: 'overflow',
        params: { centre: 'Alta legevaktsentral', count: 4, random: 1 },
      }),
    ).toBe('Overløpssentral Alta legevaktsentral trukket tilfeldig blant 4 overløpssentraler');
  });

  it('missing competence elements render from the element catalogue (TR-1)', () => {
    expect(
      elementsText('nb', [{ code: 'radio-terminal-course', params: { terminalType: 'Sepura STP9000' } }]),
    ).toBe('Oppmøtebasert radioterminalkurs for terminaltypen Sepura STP9000');
    expect(serverText('en', 'element.e-learning')).toBe('Common e-learning pre-course for Nødnett');
  });
});
