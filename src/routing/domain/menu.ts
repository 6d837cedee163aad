/**
 * The 116117 menus as a pure state machine driven by DTMF input (RT-4, RT-5).
 *
 * Top menu (entry "top"): greeting in Norwegian; 1 English, 2 North Sami, 3 Norwegian (switch
 * language and repeat); 0 the fallback menu; 9 repeat; "#" or a timeout (input "") ends with
 * outcome "area-routing": the caller of the API routes the call by area (`route`).
 *
 * Fallback menu (entry "fallback", or 0 from the top menu): 1 postcode, 2 region → county →
 * centre, "*" back (to the top menu when the caller came from there), 9 repeat.
 * - Postcode: four digits (a trailing "#" is ignored); an unknown code asks again; after
 *   `maxPostcodeAttempts` failures the caller is taken to the region menu. Choice made here:
 *   the caller still chooses, instead of being sent to an overflow centre they did not pick.
 * - Region/county/centre lists are generated from the data, 1…8 per page; "0" gives the next
 *   page when there are more (wrapping to the first), "*" the previous page or the menu above.
 *   A list with one entry is skipped (a county with one centre goes straight to it).
 * - Invalid input or a timeout repeats the prompt with a notice; after `maxInvalidInputs` in a
 *   row the call goes to an overflow centre (RT-6) so it is never left without an answer (in the
 *   top menu, to area routing).
 *
 * Decisions use method "menu-postcode" / "menu-region"; schedule, re-routes and alternative site
 * then apply exactly as in `route`. `MenuState` is plain JSON, stored between HTTP requests.
 */
import type { CompiledCentre, CompiledRoutingData, MenuTreeCounty, MenuTreeRegion } from './compile.ts';
import { decideFromCentre, pickOverflow } from './engine.ts';
import { normaliseNumber } from './number.ts';
import { toEpochMs } from '../../platform/time/calendar.ts';
import { buildPrompt, LANGUAGE_DIGITS, phraseOption, phrases, sentence } from './prompts.ts';
import type { MenuOption, Prompt, PromptPart, Sentence } from './prompts.ts';
import type { Language, OperationalState, RoutingDecision, RoutingPolicy, TraceStep } from './types.ts';
import { DEFAULT_POLICY } from './types.ts';

export type { Prompt, PromptOption, PromptPart } from './prompts.ts';

export type MenuNode = 'top' | 'fallback' | 'postcode' | 'region' | 'county' | 'centre' | 'ended';

/** Serialisable menu session state. */
export interface MenuState {
  node: MenuNode;
  language: Language;
  entry: 'top' | 'fallback';
  /** Region `order` (from the data) while in the county or centre list. */
  region?: number;
  /** County number while in the centre list. */
  county?: string;
  /** Page of the current list, 0-based. */
  page: number;
  postcodeFailures: number;
  /** Invalid inputs or timeouts in a row. */
  invalidInputs: number;
}

/**
 * - prompt: play `prompt`, collect input, call `menuInput`;
 * - connect: play `prompt`, then connect as `decision` says;
 * - area-routing: play `prompt`, then route the call by area with `route`.
 */
export type MenuOutcome = 'prompt' | 'connect' | 'area-routing';

export interface MenuStep {
  state: MenuState;
  prompt: Prompt;
  decision?: RoutingDecision;
  ended: boolean;
  outcome: MenuOutcome;
}

export interface MenuOptions {
  maxPostcodeAttempts: number;
  maxInvalidInputs: number;
}

export const DEFAULT_MENU_OPTIONS: MenuOptions = { maxPostcodeAttempts: 3, maxInvalidInputs: 3 };

export interface MenuContext {
  data: CompiledRoutingData;
  state: OperationalState;
  at: Date | number;
  policy?: RoutingPolicy;
  callingNumber: string;
  options?: Partial<MenuOptions>;
}

/** The menu state does not allow this input (e.g. the session has ended, or the state is corrupt). */
export class MenuStateError extends Error {
  constructor(
    readonly code: 'menu-ended' | 'invalid-menu-state',
    message: string,
  ) {
    super(message);
    this.name = 'MenuStateError';
  }
}

const PAGE_SIZE = 8;
const LANGUAGES: readonly Language[] = ['nb', 'en', 'se'];
const NODES: readonly MenuNode[] = ['top', 'fallback', 'postcode', 'region', 'county', 'centre', 'ended'];

function prompting(state: MenuState, prompt: Prompt): MenuStep {
  return { state, prompt, ended: false, outcome: 'prompt' };
}

// ---------------------------------------------------------------------------------------------
// Prompts per node

function topPrompt(state: MenuState, notice?: Sentence): Prompt {
  const l = state.language;
  const p = phrases(l);
  const greeting = sentence(l, 'greeting');
  const prompt = buildPrompt(
    notice ? 'top.invalid' : 'top',
    l,
    notice ? [notice, greeting] : [greeting],
    [phraseOption(l, '0', 'chooseYourself'), phraseOption(l, '9', 'repeat')],
    LANGUAGES.filter((x) => x !== l),
    [sentence(l, 'waitForAreaRouting')],
  );
  prompt.options.push({ digit: '#', label: p.areaRouting });
  return prompt;
}

function fallbackPrompt(state: MenuState, notice?: Sentence): Prompt {
  const l = state.language;
  const options: MenuOption[] = [phraseOption(l, '1', 'postcode'), phraseOption(l, '2', 'region')];
  if (state.entry === 'top') options.push(phraseOption(l, '*', 'back'));
  options.push(phraseOption(l, '9', 'repeat'));
  const intro = sentence(l, 'fallbackIntro');
  return buildPrompt(
    notice ? 'fallback.invalid' : 'fallback',
    l,
    notice ? [notice, intro] : [intro],
    options,
  );
}

function postcodePrompt(state: MenuState, notice?: Sentence): Prompt {
  const l = state.language;
  const ask = sentence(l, 'postcodeAsk');
  return buildPrompt(notice ? 'postcode.retry' : 'postcode', l, notice ? [notice, ask] : [ask], [
    phraseOption(l, '*', 'back'),
  ]);
}

interface ListItem {
  label: string;
  /** The item in part ids: `region-<order>`, `county-<number>`, `centre-<id>`. */
  labelId: string;
}

/** Regions, counties and centres that lead somewhere (a county needs at least one centre). */
function regionsOf(data: CompiledRoutingData): MenuTreeRegion[] {
  return data.menu.filter((r) => countiesOf(r).length > 0);
}

function countiesOf(region: MenuTreeRegion): MenuTreeCounty[] {
  return region.counties.filter((c) => c.centres.length > 0);
}

interface ListContext {
  regions: MenuTreeRegion[];
  region?: MenuTreeRegion;
  counties?: MenuTreeCounty[];
  county?: MenuTreeCounty;
  items: ListItem[];
}

/** The list shown at a list node, or null when the state names a region/county no longer in the data. */
function listContext(state: MenuState, data: CompiledRoutingData): ListContext | null {
  const regions = regionsOf(data);
  if (state.node === 'region')
    return { regions, items: regions.map((r) => ({ label: r.name, labelId: `region-${r.order}` })) };
  const region = regions.find((r) => r.order === state.region);
  if (!region) return null;
  const counties = countiesOf(region);
  if (state.node === 'county')
    return {
      regions,
      region,
      counties,
      items: counties.map((c) => ({ label: c.name, labelId: `county-${c.number}` })),
    };
  const county = counties.find((c) => c.number === state.county);
  if (!county) return null;
  return {
    regions,
    region,
    counties,
    county,
    items: county.centres.map((c) => ({ label: c.centre.name, labelId: `centre-${c.centre.id}` })),
  };
}

function pageCount(items: ListItem[]): number {
  return Math.max(1, Math.ceil(items.length / PAGE_SIZE));
}

function listPrompt(state: MenuState, list: ListContext, notice?: Sentence): Prompt {
  const l = state.language;
  const p = phrases(l);
  const ask: Sentence =
    state.node === 'region'
      ? sentence(l, 'regionAsk')
      : state.node === 'county'
        ? { id: `countyAsk.region-${list.region!.order}`, text: p.countyAsk(list.region!.name) }
        : { id: `centreAsk.county-${list.county!.number}`, text: p.centreAsk(list.county!.name) };
  const start = state.page * PAGE_SIZE;
  const options: MenuOption[] = list.items
    .slice(start, start + PAGE_SIZE)
    .map((item, i) => ({ digit: String(i + 1), label: item.label, labelId: item.labelId }));
  if (pageCount(list.items) > 1) options.push(phraseOption(l, '0', 'more'));
  options.push(phraseOption(l, '*', 'back'), phraseOption(l, '9', 'repeat'));
  const intro = notice ? [notice, ask] : [ask];
  const key =
    notice?.id === 'postcodeGiveUp'
      ? `${state.node}.postcode-failed`
      : notice
        ? `${state.node}.invalid`
        : state.node;
  return buildPrompt(key, state.language, intro, options);
}

// ---------------------------------------------------------------------------------------------
// Moving between nodes (lists with a single entry are skipped)

function at(state: MenuState, node: MenuNode, changes: Partial<MenuState> = {}): MenuState {
  return { ...state, node, page: 0, invalidInputs: 0, ...changes };
}

function enterRegions(state: MenuState, ctx: MenuContext, trace: TraceStep[], notice?: Sentence): MenuStep {
  const regions = regionsOf(ctx.data);
  if (regions.length === 1) return enterCounties(state, regions[0]!, ctx, trace);
  const next = at(state, 'region', { region: undefined, county: undefined });
  return prompting(next, listPrompt(next, listContext(next, ctx.data)!, notice));
}

function enterCounties(
  state: MenuState,
  region: MenuTreeRegion,
  ctx: MenuContext,
  trace: TraceStep[],
): MenuStep {
  trace.push({
    step: 'menu-region',
    params: { region: region.name },
  });
  const counties = countiesOf(region);
  if (counties.length === 1) return enterCentres(state, region, counties[0]!, ctx, trace);
  const next = at(state, 'county', { region: region.order, county: undefined });
  return prompting(next, listPrompt(next, listContext(next, ctx.data)!));
}

function enterCentres(
  state: MenuState,
  region: MenuTreeRegion,
  county: MenuTreeCounty,
  ctx: MenuContext,
  trace: TraceStep[],
): MenuStep {
  trace.push({
    step: 'menu-county',
    params: { county: county.number, countyName: county.name },
  });
  if (county.centres.length === 1) return connectTo(state, county.centres[0]!, county, ctx, trace);
  const next = at(state, 'centre', { region: region.order, county: county.number });
  return prompting(next, listPrompt(next, listContext(next, ctx.data)!));
}

/** "*" from a list: previous page, else the menu above (skipping lists that were skipped). */
function back(state: MenuState, list: ListContext, ctx: MenuContext): MenuStep {
  if (state.page > 0) {
    const next = { ...state, page: state.page - 1, invalidInputs: 0 };
    return prompting(next, listPrompt(next, list));
  }
  const trace: TraceStep[] = [];
  if (state.node === 'centre' && list.counties!.length > 1) {
    const next = at(state, 'county', { county: undefined });
    return prompting(next, listPrompt(next, listContext(next, ctx.data)!));
  }
  if (state.node !== 'region' && list.regions.length > 1) return enterRegions(state, ctx, trace);
  const next = at(state, 'fallback', { region: undefined, county: undefined });
  return prompting(next, fallbackPrompt(next));
}

// ---------------------------------------------------------------------------------------------
// Ending the menu

function ended(state: MenuState): MenuState {
  return at(state, 'ended');
}

function connectStep(state: MenuState, decision: RoutingDecision): MenuStep {
  const l = state.language;
  const said: Sentence =
    decision.outcome === 'connect'
      ? { id: `connecting.${decision.centreId}`, text: phrases(l).connecting(decision.centreName) }
      : sentence(l, 'areaRouting');
  return {
    state: ended(state),
    prompt: buildPrompt('connect', l, [said], []),
    decision,
    ended: true,
    outcome: 'connect',
  };
}

function connectTo(
  state: MenuState,
  centre: CompiledCentre,
  county: MenuTreeCounty,
  ctx: MenuContext,
  trace: TraceStep[],
): MenuStep {
  trace.push({
    step: 'menu-centre',
    params: { centre: centre.centre.name },
  });
  const decision = decideFromCentre(
    ctx.data,
    ctx.state,
    toEpochMs(ctx.at),
    centre,
    'menu-region',
    undefined,
    county.number,
    menuTrace(state, ctx, trace),
  );
  return connectStep(state, decision);
}

function menuTrace(state: MenuState, ctx: MenuContext, steps: TraceStep[]): TraceStep[] {
  const calling = normaliseNumber(ctx.callingNumber);
  return [
    {
      step: 'menu-start',
      params: { language: state.language, number: calling },
    },
    ...steps,
  ];
}

function areaRouting(state: MenuState): MenuStep {
  return {
    state: ended(state),
    prompt: buildPrompt('area-routing', state.language, [sentence(state.language, 'areaRouting')], []),
    ended: true,
    outcome: 'area-routing',
  };
}

/** Too many invalid inputs: an overflow centre (RT-6), or keep prompting when there is none. */
function giveUp(state: MenuState, ctx: MenuContext, reprompt: (s: MenuState) => MenuStep): MenuStep {
  const trace: TraceStep[] = [
    {
      step: 'menu-gave-up',
      params: { count: state.invalidInputs },
    },
  ];
  const calling = normaliseNumber(ctx.callingNumber);
  const overflow = pickOverflow(ctx.data, ctx.policy ?? DEFAULT_POLICY, calling, toEpochMs(ctx.at), trace);
  if (overflow === undefined) return reprompt({ ...state, invalidInputs: 0 });
  const decision = decideFromCentre(
    ctx.data,
    ctx.state,
    toEpochMs(ctx.at),
    overflow,
    'overflow',
    undefined,
    undefined,
    menuTrace(state, ctx, trace),
  );
  return connectStep(state, decision);
}

// ---------------------------------------------------------------------------------------------
// Input per node

function options(ctx: MenuContext): MenuOptions {
  return { ...DEFAULT_MENU_OPTIONS, ...ctx.options };
}

function invalid(
  state: MenuState,
  ctx: MenuContext,
  reprompt: (s: MenuState, notice: Sentence) => MenuStep,
): MenuStep {
  const next = { ...state, invalidInputs: state.invalidInputs + 1 };
  const notice = sentence(state.language, 'invalid');
  if (next.invalidInputs >= options(ctx).maxInvalidInputs) {
    if (state.node === 'top') return areaRouting(next);
    return giveUp(next, ctx, (s) => reprompt(s, notice));
  }
  return reprompt(next, notice);
}

function topInput(state: MenuState, input: string, ctx: MenuContext): MenuStep {
  if (input === '' || input === '#') return areaRouting(state);
  if (input === '0') {
    const next = at(state, 'fallback');
    return prompting(next, fallbackPrompt(next));
  }
  if (input === '9') return prompting({ ...state, invalidInputs: 0 }, topPrompt(state));
  for (const language of LANGUAGES) {
    if (input === LANGUAGE_DIGITS[language]) {
      const next = at(state, 'top', { language });
      return prompting(next, topPrompt(next));
    }
  }
  return invalid(state, ctx, (s, notice) => prompting(s, topPrompt(s, notice)));
}

function fallbackInput(state: MenuState, input: string, ctx: MenuContext): MenuStep {
  switch (input) {
    case '1': {
      const next = at(state, 'postcode');
      return prompting(next, postcodePrompt(next));
    }
    case '2':
      return enterRegions(state, ctx, []);
    case '9':
      return prompting({ ...state, invalidInputs: 0 }, fallbackPrompt(state));
    case '*':
      if (state.entry === 'top') {
        const next = at(state, 'top');
        return prompting(next, topPrompt(next));
      }
  }
  return invalid(state, ctx, (s, notice) => prompting(s, fallbackPrompt(s, notice)));
}

function isFourDigits(value: string): boolean {
  if (value.length !== 4) return false;
  for (let i = 0; i < 4; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function postcodeInput(state: MenuState, input: string, ctx: MenuContext): MenuStep {
  if (input === '*') {
    const next = at(state, 'fallback');
    return prompting(next, fallbackPrompt(next));
  }
  const code = input.endsWith('#') ? input.slice(0, -1) : input;
  const municipality = isFourDigits(code) ? ctx.data.postcodeToMunicipality.get(code) : undefined;
  const centre = municipality === undefined ? undefined : ctx.data.centreByMunicipality.get(municipality);
  if (municipality !== undefined && centre !== undefined) {
    const place = ctx.data.source.postcodes.find((p) => p.code === code)?.place ?? '';
    const trace = menuTrace(state, ctx, [
      {
        step: 'menu-postcode',
        params: {
          postcode: code,
          place,
          municipality,
          municipalityName: ctx.data.municipalityByNumber.get(municipality)?.name ?? '?',
        },
      },
      {
        step: 'municipality-centre',
        params: {
          municipality,
          municipalityName: ctx.data.municipalityByNumber.get(municipality)?.name ?? '?',
          centre: centre.centre.name,
        },
      },
    ]);
    const county = ctx.data.municipalityByNumber.get(municipality)?.countyNumber;
    const decision = decideFromCentre(
      ctx.data,
      ctx.state,
      toEpochMs(ctx.at),
      centre,
      'menu-postcode',
      municipality,
      county,
      trace,
    );
    return connectStep(state, decision);
  }
  const failures = state.postcodeFailures + 1;
  const l = state.language;
  if (failures >= options(ctx).maxPostcodeAttempts) {
    return enterRegions({ ...state, postcodeFailures: failures }, ctx, [], sentence(l, 'postcodeGiveUp'));
  }
  const next = { ...state, postcodeFailures: failures };
  return prompting(next, postcodePrompt(next, sentence(l, 'postcodeNotFound')));
}

function listInput(state: MenuState, input: string, ctx: MenuContext): MenuStep {
  const list = listContext(state, ctx.data);
  // The data changed under the session (new version without this region/county): start over.
  if (list === null) return enterRegions(state, ctx, []);
  const reprompt = (s: MenuState, notice?: Sentence) => prompting(s, listPrompt(s, list, notice));
  if (input === '9') return reprompt({ ...state, invalidInputs: 0 });
  if (input === '*') return back(state, list, ctx);
  const pages = pageCount(list.items);
  if (input === '0' && pages > 1)
    return reprompt({ ...state, page: (state.page + 1) % pages, invalidInputs: 0 });
  const digit = input.length === 1 ? input.charCodeAt(0) - 48 : -1;
  const index = state.page * PAGE_SIZE + digit - 1;
  if (digit >= 1 && digit <= PAGE_SIZE && index < list.items.length) {
    const trace: TraceStep[] = [];
    if (state.node === 'region') return enterCounties(state, list.regions[index]!, ctx, trace);
    if (state.node === 'county') {
      trace.push({
        step: 'menu-region',
        params: { region: list.region!.name },
      });
      return enterCentres(state, list.region!, list.counties![index]!, ctx, trace);
    }
    trace.push(
      {
        step: 'menu-region',
        params: { region: list.region!.name },
      },
      {
        step: 'menu-county',
        params: { county: list.county!.number, countyName: list.county!.name },
      },
    );
    return connectTo(state, list.county!.centres[index]!, list.county!, ctx, trace);
  }
  return invalid(state, ctx, reprompt);
}

// ---------------------------------------------------------------------------------------------
// Public API

/** Starts a menu session: the top menu (RT-4) or the fallback menu directly (RT-5). */
export function startMenu(opts: { entry: 'top' | 'fallback'; language?: Language }): MenuStep {
  const state: MenuState = {
    node: opts.entry,
    language: opts.language ?? 'nb',
    entry: opts.entry,
    page: 0,
    postcodeFailures: 0,
    invalidInputs: 0,
  };
  return prompting(state, opts.entry === 'top' ? topPrompt(state) : fallbackPrompt(state));
}

function checkState(state: MenuState): void {
  if (
    typeof state !== 'object' ||
    state === null ||
    !NODES.includes(state.node) ||
    !LANGUAGES.includes(state.language) ||
    (state.entry !== 'top' && state.entry !== 'fallback') ||
    !Number.isInteger(state.page) ||
    state.page < 0 ||
    !Number.isInteger(state.postcodeFailures) ||
    !Number.isInteger(state.invalidInputs)
  ) {
    throw new MenuStateError('invalid-menu-state', 'The menu state is not a valid menu session');
  }
  if (state.node === 'ended') throw new MenuStateError('menu-ended', 'The menu session has already ended');
}

/**
 * Applies one DTMF input to a menu session. `input` is one key ("0"–"9", "*", "#"), a postcode
 * ("5003" or "5003#") in the postcode node, or "" for a timeout (no input). Pure: the returned
 * step holds the new state to store. Throws `MenuStateError` for an ended or corrupt session.
 */
export function menuInput(state: MenuState, input: string, ctx: MenuContext): MenuStep {
  checkState(state);
  const key = input.trim();
  switch (state.node) {
    case 'top':
      return topInput(state, key, ctx);
    case 'fallback':
      return fallbackInput(state, key, ctx);
    case 'postcode':
      return postcodeInput(state, key, ctx);
    case 'region':
    case 'county':
    case 'centre':
      return listInput(state, key, ctx);
    case 'ended':
      throw new MenuStateError('menu-ended', 'The menu session has already ended');
  }
}

/**
 * Every sentence the menus can say with `data`, in every language, once each (by part id): the
 * top and fallback menus with and without their notices, the postcode question, every page of
 * every region, county and centre list, "you will now be connected to …" for every centre, and
 * area routing. What a voice menu must have audio for before it answers a caller (issue 13).
 */
export function promptCatalogue(data: CompiledRoutingData): PromptPart[] {
  const out = new Map<string, PromptPart>();
  const add = (prompt: Prompt) => {
    for (const part of prompt.parts) if (!out.has(part.id)) out.set(part.id, part);
  };
  const base = (language: Language, node: MenuNode, entry: 'top' | 'fallback'): MenuState => ({
    node,
    language,
    entry,
    page: 0,
    postcodeFailures: 0,
    invalidInputs: 0,
  });
  for (const l of LANGUAGES) {
    const invalidNotice = sentence(l, 'invalid');
    const top = base(l, 'top', 'top');
    add(topPrompt(top));
    add(topPrompt(top, invalidNotice));
    for (const entry of ['top', 'fallback'] as const) {
      add(fallbackPrompt(base(l, 'fallback', entry)));
      add(fallbackPrompt(base(l, 'fallback', entry), invalidNotice));
    }
    add(postcodePrompt(base(l, 'postcode', 'fallback')));
    add(postcodePrompt(base(l, 'postcode', 'fallback'), sentence(l, 'postcodeNotFound')));
    const lists: MenuState[] = [base(l, 'region', 'fallback')];
    for (const region of regionsOf(data)) {
      lists.push({ ...base(l, 'county', 'fallback'), region: region.order });
      for (const county of countiesOf(region))
        lists.push({ ...base(l, 'centre', 'fallback'), region: region.order, county: county.number });
    }
    for (const state of lists) {
      const list = listContext(state, data)!;
      for (let page = 0; page < pageCount(list.items); page++) {
        const at = { ...state, page };
        add(listPrompt(at, list));
        add(listPrompt(at, list, invalidNotice));
        if (state.node === 'region') add(listPrompt(at, list, sentence(l, 'postcodeGiveUp')));
      }
    }
    for (const c of data.centreById.values()) {
      add(
        buildPrompt(
          'connect',
          l,
          [{ id: `connecting.${c.centre.id}`, text: phrases(l).connecting(c.centre.name) }],
          [],
        ),
      );
    }
    add(buildPrompt('area-routing', l, [sentence(l, 'areaRouting')], []));
  }
  return [...out.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
