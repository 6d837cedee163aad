import { describe, expect, it } from 'vitest';
import { traceDetail } from './trace-text.ts';
import { DEFAULT_MENU_OPTIONS, menuInput, MenuStateError, startMenu } from './menu.ts';
import type { MenuContext, MenuStep } from './menu.ts';
import { buildCentre, buildCompiledData, buildDataSet, buildReroute, buildState } from './testing.ts';
import type { Language } from './types.ts';
import { DEFAULT_POLICY } from './types.ts';

/** Wednesday 7 January 2026 10:00 Europe/Oslo. */
const DAY = Date.UTC(2026, 0, 7, 9, 0);
const NIGHT = Date.UTC(2026, 0, 7, 22, 0);

const data = buildCompiledData();
const ctx: MenuContext = { data, state: buildState(), at: DAY, callingNumber: '+47 41234567' };

/** Feeds inputs one after another, round-tripping the state through JSON as the HTTP API does. */
function play(start: MenuStep, inputs: string[], context: MenuContext = ctx): MenuStep {
  let step = start;
  for (const input of inputs) {
    expect(step.ended).toBe(false);
    step = menuInput(JSON.parse(JSON.stringify(step.state)), input, context);
  }
  return step;
}

const digits = (step: MenuStep) => step.prompt.options.map((o) => o.digit);
const labels = (step: MenuStep) => step.prompt.options.map((o) => o.label);

describe('top menu (RT-4)', () => {
  it('RT-4 greets in Norwegian, offers English and Sami, 0 for the menu and # for area routing', () => {
    const step = startMenu({ entry: 'top' });
    expect(step).toMatchObject({ ended: false, outcome: 'prompt', state: { node: 'top', language: 'nb' } });
    expect(step.prompt.key).toBe('top');
    expect(step.prompt.text).toMatch(/^Du har ringt legevakt, 116117\./);
    expect(step.prompt.text).toContain('For English, press 1.');
    expect(step.prompt.text).toContain('Sámegillii, deaddil 2.');
    expect(step.prompt.text).toContain('Velg legevakt selv, tast 0.');
    expect(digits(step)).toEqual(['1', '2', '0', '9', '#']);
  });

  it.each<[string, Language, RegExp]>([
    ['1', 'en', /^You have called the out-of-hours medical service/],
    ['2', 'se', /^Don leat riŋgen doavttirvávttii/],
  ])('RT-4 digit %s switches the language to %s and repeats the greeting', (digit, language, greeting) => {
    const step = play(startMenu({ entry: 'top' }), [digit]);
    expect(step.state).toMatchObject({ node: 'top', language });
    expect(step.prompt).toMatchObject({ key: 'top', language });
    expect(step.prompt.text).toMatch(greeting);
    expect(step.prompt.text).toContain('For norsk, tast 3.');
    expect(play(step, ['3']).state.language).toBe('nb');
  });

  it.each(['', '#'])('RT-4 %j (timeout or #) ends with area routing', (input) => {
    const step = play(startMenu({ entry: 'top', language: 'en' }), [input]);
    expect(step).toMatchObject({ ended: true, outcome: 'area-routing', state: { node: 'ended' } });
    expect(step.decision).toBeUndefined();
    expect(step.prompt.text).toBe('You will now be connected to the out-of-hours centre where you are.');
  });

  it('RT-4 invalid input re-prompts with a notice; too many invalid inputs fall back to area routing', () => {
    const once = play(startMenu({ entry: 'top' }), ['7']);
    expect(once.prompt.key).toBe('top.invalid');
    expect(once.prompt.text).toMatch(/^Det er ikke et gyldig valg\./);
    expect(play(startMenu({ entry: 'top' }), ['7', '8', '5']).outcome).toBe('area-routing');
    expect(play(startMenu({ entry: 'top' }), ['9']).prompt.key).toBe('top');
  });

  it('RT-5 0 in the top menu opens the fallback menu; * goes back', () => {
    const step = play(startMenu({ entry: 'top' }), ['0']);
    expect(step.state.node).toBe('fallback');
    expect(digits(step)).toEqual(['1', '2', '*', '9']);
    expect(play(step, ['*']).state.node).toBe('top');
  });
});

describe('fallback menu: postcode (RT-5)', () => {
  it.each<[Language, string]>([
    ['nb', 'Du blir nå satt over til Bergen legevaktsentral.'],
    ['en', 'You will now be connected to Bergen legevaktsentral.'],
    ['se', 'Mii čatnat du dál: Bergen legevaktsentral.'],
  ])('RT-5 a known postcode connects to the serving centre (%s)', (language, text) => {
    const step = play(startMenu({ entry: 'fallback', language }), ['1', '5003']);
    expect(step).toMatchObject({
      ended: true,
      outcome: 'connect',
      prompt: { key: 'connect', language, text },
    });
    expect(step.decision).toMatchObject({
      outcome: 'connect',
      centreId: 'lv-bergen',
      method: 'menu-postcode',
      locatedBy: 'menu-postcode',
      municipality: '4601',
      county: '46',
    });
    expect(step.decision!.trace.map((t) => t.step)).toEqual([
      'menu-start',
      'menu-postcode',
      'municipality-centre',
      'connect',
    ]);
    expect(traceDetail(step.decision!.trace[1]!)).toContain('5003 (BERGEN)');
  });

  it('RT-5 a trailing # is accepted; schedule and re-routes apply to the menu decision', () => {
    const night = play(startMenu({ entry: 'fallback' }), ['1', '6900#'], { ...ctx, at: NIGHT });
    expect(night.decision).toMatchObject({
      centreId: 'lv-bergen',
      method: 'schedule',
      locatedBy: 'menu-postcode',
    });
    const rerouted = play(startMenu({ entry: 'fallback' }), ['1', '0150'], {
      ...ctx,
      state: buildState({
        reroutes: [buildReroute({ fromCentreId: 'lv-oslo', toCentreId: 'lv-hamar' })],
        unavailableCentreIds: ['lv-hamar'],
      }),
    });
    expect(rerouted.decision).toMatchObject({
      centreId: 'lv-hamar',
      method: 'reroute',
      alternativeSite: true,
    });
  });

  it('RT-5 an unknown postcode asks again; after the configured failures the caller gets the region menu', () => {
    const retry = play(startMenu({ entry: 'fallback', language: 'en' }), ['1', '9999']);
    expect(retry.state).toMatchObject({ node: 'postcode', postcodeFailures: 1 });
    expect(retry.prompt).toMatchObject({
      key: 'postcode.retry',
      text: 'We did not find that postcode. Enter the postcode, four digits. Back, press star.',
    });
    // 9170 Longyearbyen is a real postcode whose municipality has no centre; "12" is not four digits.
    const failed = play(retry, ['9170', '12']);
    expect(DEFAULT_MENU_OPTIONS.maxPostcodeAttempts).toBe(3);
    expect(failed.state.node).toBe('region');
    expect(failed.prompt.key).toBe('region.postcode-failed');
    expect(failed.prompt.text).toMatch(/^We could not find the postcode\. Choose a region instead\./);
    const oneTry = play(startMenu({ entry: 'fallback' }), ['1', '0000'], {
      ...ctx,
      options: { maxPostcodeAttempts: 1 },
    });
    expect(oneTry.state.node).toBe('region');
  });

  it('RT-5 * in the postcode prompt goes back to the fallback menu', () => {
    expect(play(startMenu({ entry: 'fallback' }), ['1', '*']).state.node).toBe('fallback');
  });
});

describe('fallback menu: region → county → centre (RT-5)', () => {
  it.each<[Language, string]>([
    [
      'nb',
      'Velg landsdel. Østlandet, tast 1. Vestlandet, tast 2. Midt-Norge, tast 3. Tilbake, tast stjerne. Hør valgene igjen, tast 9.',
    ],
    [
      'en',
      'Choose a region. Østlandet, press 1. Vestlandet, press 2. Midt-Norge, press 3. Back, press star. Repeat the choices, press 9.',
    ],
    [
      'se',
      'Vállje guovllu. Østlandet, deaddil 1. Vestlandet, deaddil 2. Midt-Norge, deaddil 3. Ruovttoluotta, deaddil násti. Gula válljemiid fas, deaddil 9.',
    ],
  ])('RT-5 the region menu is generated from the data (%s)', (language, text) => {
    const step = play(startMenu({ entry: 'fallback', language }), ['2']);
    expect(step.state.node).toBe('region');
    expect(step.prompt.text).toBe(text);
  });

  it('RT-5 region → county → centre connects with method menu-region', () => {
    const counties = play(startMenu({ entry: 'top' }), ['0', '2', '1']);
    expect(counties.state).toMatchObject({ node: 'county', region: 1 });
    expect(labels(counties).slice(0, 2)).toEqual(['Oslo', 'Innlandet']);
    const centres = play(counties, ['2']);
    expect(centres.state).toMatchObject({ node: 'centre', county: '34' });
    expect(labels(centres).slice(0, 2)).toEqual(['Hamar legevaktsentral', 'Lillehammer legevaktsentral']);
    const done = play(centres, ['2']);
    expect(done.decision).toMatchObject({
      centreId: 'lv-lillehammer',
      method: 'menu-region',
      county: '34',
      municipality: undefined,
    });
    expect(done.decision!.trace.map((t) => t.step)).toEqual([
      'menu-start',
      'menu-region',
      'menu-county',
      'menu-centre',
      'connect',
    ]);
  });

  it('RT-5 a region with one county skips the county menu; a county with one centre goes straight to it', () => {
    const vest = play(startMenu({ entry: 'fallback' }), ['2', '2']);
    expect(vest.state).toMatchObject({ node: 'centre', county: '46' });
    const oslo = play(startMenu({ entry: 'fallback' }), ['2', '1', '1']);
    expect(oslo).toMatchObject({ ended: true, decision: { centreId: 'lv-oslo', method: 'menu-region' } });
  });

  it('RT-5 the menu decision goes through the schedule (part-day centre at night)', () => {
    const step = play(startMenu({ entry: 'fallback' }), ['2', '2', '2'], { ...ctx, at: NIGHT });
    expect(step.decision).toMatchObject({
      centreId: 'lv-bergen',
      method: 'schedule',
      locatedBy: 'menu-region',
    });
  });

  it('RT-5 * goes back one level, skipping levels that were skipped on the way in', () => {
    const centres = play(startMenu({ entry: 'fallback' }), ['2', '1', '2']);
    expect(play(centres, ['*']).state).toMatchObject({ node: 'county', region: 1 });
    expect(play(centres, ['*', '*']).state.node).toBe('region');
    expect(play(centres, ['*', '*', '*']).state.node).toBe('fallback');
    // Vestlandet has one county: back from its centre list goes to the regions.
    expect(play(startMenu({ entry: 'fallback' }), ['2', '2', '*']).state.node).toBe('region');
  });

  it('RT-5 invalid digits and timeouts re-prompt; 9 repeats', () => {
    const regions = play(startMenu({ entry: 'fallback' }), ['2']);
    const invalid = play(regions, ['7']);
    expect(invalid.state).toMatchObject({ node: 'region', invalidInputs: 1 });
    expect(invalid.prompt.key).toBe('region.invalid');
    expect(play(regions, ['']).prompt.key).toBe('region.invalid');
    expect(play(regions, ['7', '9']).state.invalidInputs).toBe(0);
    expect(play(startMenu({ entry: 'fallback' }), ['5']).prompt.key).toBe('fallback.invalid');
    // Entry "fallback" has no menu above: * is not offered and counts as invalid.
    expect(play(startMenu({ entry: 'fallback' }), ['*']).prompt.key).toBe('fallback.invalid');
  });

  it('RT-5/RT-6 after too many invalid inputs the call goes to an overflow centre', () => {
    const step = play(startMenu({ entry: 'fallback' }), ['2', '7', '7', '7']);
    expect(step).toMatchObject({ ended: true, outcome: 'connect', decision: { method: 'overflow' } });
    expect(['lv-bergen', 'lv-hamar', 'lv-oslo', 'lv-trondheim']).toContain(
      step.decision!.outcome === 'connect' && step.decision!.centreId,
    );
    expect(step.decision!.trace.map((t) => t.step)).toContain('menu-gave-up');
  });

  it('RT-6 the menu’s overflow centre is drawn from the policy’s random source', () => {
    const ordered = data.overflowCentres.map((c) => c.centre.id);
    const picked = [0.1, 0.9].map((draw) => {
      const context: MenuContext = { ...ctx, policy: { ...DEFAULT_POLICY, random: () => draw } };
      const step = play(startMenu({ entry: 'fallback' }), ['2', '7', '7', '7'], context);
      expect(traceDetail(step.decision!.trace.find((t) => t.step === 'overflow')!)).toMatch(/at random/);
      return step.decision!.outcome === 'connect' && step.decision!.centreId;
    });
    expect(picked).toEqual([ordered[0], ordered[ordered.length - 1]]);
  });

  it('RT-5 more than 8 entries are paged: 0 for more, * for the previous page', () => {
    const many = Array.from({ length: 11 }, (_, i) =>
      buildCentre({
        id: `lv-vest-${String(i + 1).padStart(2, '0')}`,
        name: `Vest ${String(i + 1).padStart(2, '0')}`,
        municipalities: [`46${String(50 + i)}`],
      }),
    );
    const base = buildDataSet();
    const paged = buildCompiledData({
      municipalities: [
        ...base.municipalities,
        ...many.map((c, i) => ({
          number: c.municipalities[0]!,
          name: `M${i}`,
          countyNumber: '46',
          population: 1000,
        })),
      ],
      centres: [...base.centres, ...many],
    });
    const pctx = { ...ctx, data: paged };
    const first = play(startMenu({ entry: 'fallback' }), ['2', '2'], pctx);
    expect(digits(first)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '0', '*', '9']);
    expect(labels(first)[0]).toBe('Bergen legevaktsentral');
    const second = play(first, ['0'], pctx);
    expect(second.state.page).toBe(1);
    expect(digits(second)).toEqual(['1', '2', '3', '4', '5', '6', '0', '*', '9']);
    expect(labels(second)[5]).toBe('Vest 11');
    expect(play(second, ['7'], pctx).prompt.key).toBe('centre.invalid');
    expect(play(second, ['0'], pctx).state.page).toBe(0);
    expect(play(second, ['*'], pctx).state).toMatchObject({ node: 'centre', page: 0 });
    expect(play(second, ['6'], pctx).decision).toMatchObject({
      centreId: 'lv-vest-11',
      method: 'menu-region',
    });
  });

  it('RT-5 a session whose region vanished with a new data version starts over at the regions', () => {
    const counties = play(startMenu({ entry: 'fallback' }), ['2', '3']);
    expect(counties.state).toMatchObject({ node: 'centre', region: 3, county: '50' });
    const fewer = buildCompiledData({ menuRegions: buildDataSet().menuRegions.slice(0, 2) }, 2);
    expect(play(counties, ['1'], { ...ctx, data: fewer }).state.node).toBe('region');
  });
});

describe('menu state', () => {
  it('refuses input to an ended session and a corrupt state', () => {
    const done = play(startMenu({ entry: 'top' }), ['#']);
    expect(() => menuInput(done.state, '1', ctx)).toThrow(MenuStateError);
    expect(() => menuInput({ ...done.state, node: 'nowhere' } as never, '1', ctx)).toThrow(
      /not a valid menu session/,
    );
  });
});
