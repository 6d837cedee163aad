/**
 * Spoken texts of the 116117 menus (RT-4, RT-5) in Norwegian bokmål, English and North Sami.
 *
 * A prompt's text is built from an intro and one sentence per option ("Postnummer, tast 1."),
 * so the IVR can speak it with text-to-speech, or play recordings chosen by `key`.
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

export interface Prompt {
  /** Stable id of what is said, for recordings and tests, e.g. "region" or "region.invalid". */
  key: string;
  language: Language;
  text: string;
  options: PromptOption[];
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
  intro: string[],
  options: PromptOption[],
  languageOptions: Language[] = [],
  outro: string[] = [],
): Prompt {
  const p = PHRASES[language];
  const sentences = [...intro];
  const all: PromptOption[] = [];
  for (const target of languageOptions) {
    const option = { digit: LANGUAGE_DIGITS[target], label: PHRASES[target].switchTo };
    sentences.push(optionSentence(PHRASES[target], option));
    all.push(option);
  }
  for (const option of options) {
    sentences.push(optionSentence(p, option));
    all.push(option);
  }
  sentences.push(...outro);
  return { key, language, text: sentences.join(' '), options: all };
}
