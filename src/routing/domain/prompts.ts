/**
 * Spoken texts of the 116117 menus (RT-4, RT-5) in Norwegian bokmål, English and North Sami.
 *
 * A prompt's text is built from an intro and one sentence per option ("Postnummer, tast 1."),
 * so the IVR can speak it with text-to-speech. Each sentence is also a part with a stable id
 * (`parts`): a voice menu plays the prompt as the parts' audio files, one per sentence, recorded
 * or synthesised (src/telephony/voice/prompt-library.ts); `promptCatalogue` (menu.ts) lists every
 * part the menus can say for a data set, so a missing recording is found before a caller hears it.
 *
 * NEEDS REVIEW: the North Sami (`se`) texts were written without a native speaker. They must be
 * checked by a native North Sami speaker (e.g. through Sámediggi's language services) before use.
 */
import type { Language } from './types.ts';

export interface PromptOption {
  /** DTMF key: "0"–"9", "*" or "#". */
  digit: string;
  label: string;
}

/**
 * One spoken sentence of a prompt, with the id of its audio: `<language>/<sentence>`, e.g.
 * `nb/greeting`, `nb/option.postcode.1` ("Postnummer, tast 1."), `en/connecting.lv-bergen`,
 * `nb/option.county-46.3`. Ids use letters, digits and `._-` only (they name files).
 */
export interface PromptPart {
  id: string;
  /** The language the sentence is spoken in (a language-switch offer is in its own language). */
  language: Language;
  text: string;
}

export interface Prompt {
  /** Stable id of what is said, for recordings and tests, e.g. "region" or "region.invalid". */
  key: string;
  language: Language;
  text: string;
  options: PromptOption[];
  /** The sentences in the order spoken; their texts joined with spaces are `text`. */
  parts: PromptPart[];
}

/** A sentence before its language is known: the part id without the language, and the text. */
export interface Sentence {
  id: string;
  text: string;
}

/** An option as the menu builds it: `labelId` names the label in part ids (a phrase or a place). */
export interface MenuOption extends PromptOption {
  labelId: string;
}

interface Phrases {
  press: string;
  star: string;
  hash: string;
  greeting: string;
  waitForAreaRouting: string;
  chooseYourself: string;
  fallbackIntro: string;
  postcode: string;
  region: string;
  back: string;
  repeat: string;
  more: string;
  postcodeAsk: string;
  postcodeNotFound: string;
  postcodeGiveUp: string;
  regionAsk: string;
  countyAsk: (region: string) => string;
  centreAsk: (county: string) => string;
  invalid: string;
  connecting: (centre: string) => string;
  areaRouting: string;
  /** Offer to switch to this language, spoken in this language (RT-4). */
  switchTo: string;
}

const PHRASES: Record<Language, Phrases> = {
  nb: {
    press: 'tast',
    star: 'stjerne',
    hash: 'firkant',
    greeting: 'Du har ringt legevakt, 116117.',
    waitForAreaRouting: 'Vent, eller tast firkant, for å bli satt over til legevakten der du er.',
    chooseYourself: 'Velg legevakt selv',
    fallbackIntro: 'Velg legevakt selv.',
    postcode: 'Postnummer',
    region: 'Landsdel og fylke',
    back: 'Tilbake',
    repeat: 'Hør valgene igjen',
    more: 'Flere valg',
    postcodeAsk: 'Tast postnummeret, fire siffer.',
    postcodeNotFound: 'Vi fant ikke det postnummeret.',
    postcodeGiveUp: 'Vi fant ikke postnummeret. Velg landsdel i stedet.',
    regionAsk: 'Velg landsdel.',
    countyAsk: (region) => `Velg fylke i ${region}.`,
    centreAsk: (county) => `Velg legevakt i ${county}.`,
    invalid: 'Det er ikke et gyldig valg.',
    connecting: (centre) => `Du blir nå satt over til ${centre}.`,
    areaRouting: 'Du blir nå satt over til legevakten der du er.',
    switchTo: 'For norsk',
  },
  en: {
    press: 'press',
    star: 'star',
    hash: 'hash',
    greeting: 'You have called the out-of-hours medical service, 116117.',
    waitForAreaRouting:
      'Please wait, or press hash, to be connected to the out-of-hours centre where you are.',
    chooseYourself: 'Choose a centre yourself',
    fallbackIntro: 'Choose the out-of-hours centre yourself.',
    postcode: 'Postcode',
    region: 'Region and county',
    back: 'Back',
    repeat: 'Repeat the choices',
    more: 'More choices',
    postcodeAsk: 'Enter the postcode, four digits.',
    postcodeNotFound: 'We did not find that postcode.',
    postcodeGiveUp: 'We could not find the postcode. Choose a region instead.',
    regionAsk: 'Choose a region.',
    countyAsk: (region) => `Choose a county in ${region}.`,
    centreAsk: (county) => `Choose an out-of-hours centre in ${county}.`,
    invalid: 'That is not a valid choice.',
    connecting: (centre) => `You will now be connected to ${centre}.`,
    areaRouting: 'You will now be connected to the out-of-hours centre where you are.',
    switchTo: 'For English',
  },
  // NEEDS REVIEW by a native North Sami speaker (see the file comment).
  se: {
    press: 'deaddil',
    star: 'násti',
    hash: 'firkánta',
    greeting: 'Don leat riŋgen doavttirvávttii, 116117.',
    waitForAreaRouting: 'Vuorddes, dahje deaddil firkánta, de čatnojuvvot doavttirvávttii gos don leat.',
    chooseYourself: 'Vállje doavttirvávtta ieš',
    fallbackIntro: 'Vállje doavttirvávtta ieš.',
    postcode: 'Poastanummir',
    region: 'Guovlu ja fylka',
    back: 'Ruovttoluotta',
    repeat: 'Gula válljemiid fas',
    more: 'Eanet válljemat',
    postcodeAsk: 'Deaddil poastanummira, njeallje logu.',
    postcodeNotFound: 'Mii eat gávdnan dan poastanummira.',
    postcodeGiveUp: 'Mii eat gávdnan poastanummira. Vállje baicca guovllu.',
    regionAsk: 'Vállje guovllu.',
    countyAsk: (region) => `Vállje fylkka: ${region}.`,
    centreAsk: (county) => `Vállje doavttirvávtta: ${county}.`,
    invalid: 'Dat ii leat gustovaš válljen.',
    connecting: (centre) => `Mii čatnat du dál: ${centre}.`,
    areaRouting: 'Mii čatnat du dál doavttirvávttii gos don leat.',
    switchTo: 'Sámegillii',
  },
};

/** DTMF key for switching to each language in the top menu (RT-4). */
export const LANGUAGE_DIGITS: Record<Language, string> = { en: '1', se: '2', nb: '3' };

export function phrases(language: Language): Phrases {
  return PHRASES[language];
}

type FixedPhrase = {
  [K in keyof Phrases]: Phrases[K] extends string ? K : never;
}[keyof Phrases];

/** A fixed sentence of the language as a part-to-be (its id is the phrase's name). */
export function sentence(language: Language, phrase: FixedPhrase): Sentence {
  return { id: phrase, text: PHRASES[language][phrase] };
}

/** An option whose label is a fixed phrase ("Postnummer", "Tilbake" …). */
export function phraseOption(language: Language, digit: string, phrase: FixedPhrase): MenuOption {
  return { digit, label: PHRASES[language][phrase], labelId: phrase };
}

/** A part id's safe form of a DTMF key. */
const digitId = (digit: string) => (digit === '*' ? 'star' : digit === '#' ? 'hash' : digit);

function keyWord(p: Phrases, digit: string): string {
  return digit === '*' ? p.star : digit === '#' ? p.hash : digit;
}

/** "Label, tast 1." in the prompt's language. */
function optionSentence(p: Phrases, option: PromptOption): string {
  return `${option.label}, ${p.press} ${keyWord(p, option.digit)}.`;
}

/**
 * Builds a prompt: optional notice (e.g. "not a valid choice"), intro, then one sentence per
 * option. Language-switch options are spoken in their own language (RT-4).
 */
export function buildPrompt(
  key: string,
  language: Language,
  intro: Sentence[],
  options: MenuOption[],
  languageOptions: Language[] = [],
  outro: Sentence[] = [],
): Prompt {
  const p = PHRASES[language];
  const parts: PromptPart[] = intro.map((s) => ({ id: `${language}/${s.id}`, language, text: s.text }));
  const all: PromptOption[] = [];
  for (const target of languageOptions) {
    const option = { digit: LANGUAGE_DIGITS[target], label: PHRASES[target].switchTo };
    const id = `${target}/option.switchTo.${digitId(option.digit)}`;
    parts.push({ id, language: target, text: optionSentence(PHRASES[target], option) });
    all.push(option);
  }
  for (const { labelId, ...option } of options) {
    const id = `${language}/option.${labelId}.${digitId(option.digit)}`;
    parts.push({ id, language, text: optionSentence(p, option) });
    all.push(option);
  }
  parts.push(...outro.map((s) => ({ id: `${language}/${s.id}`, language, text: s.text })));
  return { key, language, text: parts.map((x) => x.text).join(' '), options: all, parts };
}
