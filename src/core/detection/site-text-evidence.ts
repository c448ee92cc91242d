import type { DetectionSiteCategory } from './detection-inputs.js';
import { ENDINGS, NOT_A_FILLER_WORD, SITE_VOCABULARIES, type LanguageVocabulary, type TextLanguage } from './site-text-vocabulary.js';

export type { TextLanguage } from './site-text-vocabulary.js';

/**
 * Evidence that an incident's own words (title, narrative, source headlines) name a protected site or its kind.
 * Matching runs on a normalised copy of each passage (decomposed, accents and Arabic diacritics removed, lowercase),
 * and every match is mapped back to offsets in the original text, so a display can highlight exactly what was written.
 */
export interface TextPassage {
  field: 'title' | 'narrative' | 'source';
  text: string;
}

/** Where in the passages some words were found: `passages[passageIndex].text.slice(start, end) === matched`. */
export interface SiteTextSpan {
  field: TextPassage['field'];
  passageIndex: number;
  /** UTF-16 offsets into the passage's original text. */
  start: number;
  end: number;
  matched: string;
}

export interface SiteTextMatch extends SiteTextSpan {
  /** The kind of site the words name ('other' for a market). */
  category: DetectionSiteCategory;
  language: TextLanguage;
}

/** A text folded for matching, with each folded character's source range in the original. */
export interface NormalisedText {
  text: string;
  originStart: readonly number[];
  originEnd: readonly number[];
}

/** Arabic letters written several ways (ى/ي, ة/ه, ٱ/ا; Persian forms) and apostrophes of every kind fold to one. */
const CHARACTER_FOLDS: Readonly<Record<string, string>> = {
  '\u0649': '\u064A', '\u0629': '\u0647', '\u0671': '\u0627', '\u06CC': '\u064A', '\u06A9': '\u0643',
  '\u2019': "'", '\u2018': "'", '\u02BC': "'", '\u0060': "'", '\u2032': "'",
};
const MARKS_AND_TATWEEL = /[\p{M}\u0640]/gu;

function foldCharacter(character: string): string {
  const folded = character.normalize('NFKD').toLowerCase().normalize('NFKD').replace(MARKS_AND_TATWEEL, '');
  let out = '';
  for (const c of folded) out += CHARACTER_FOLDS[c] ?? c;
  return out;
}

/** Folds `original` for matching; a character that folds to nothing (a combining accent) joins the one before it. */
export function normaliseForMatching(original: string): NormalisedText {
  let text = '';
  const originStart: number[] = [];
  const originEnd: number[] = [];
  let index = 0;
  for (const character of original) {
    const folded = foldCharacter(character);
    const next = index + character.length;
    if (folded === '' && originEnd.length > 0) originEnd[originEnd.length - 1] = next;
    for (let k = 0; k < folded.length; k += 1) {
      originStart.push(index);
      originEnd.push(next);
    }
    text += folded;
    index = next;
  }
  return { text, originStart, originEnd };
}

const fold = (pattern: string) => normaliseForMatching(pattern).text;
const SEPARATOR = '[\\s\\-\\u2010-\\u2015]+';
/** و/ف (and), then ب/ك/ل (at, like, for) with or without the article ال, attached to an Arabic word. */
const ARABIC_PREFIX = `(?:[${fold('وف')}]?(?:[${fold('بك')}]?${fold('ال')}|${fold('لل')}|[${fold('بكل')}])?)`;
const FILLER_WORD = `(?:(?!(?:${fold(NOT_A_FILLER_WORD)})(?![\\p{L}\\p{N}]))[\\p{L}\\p{N}']+${SEPARATOR})`;
const FOLDED_ENDINGS = new Map(Object.entries(ENDINGS).map(([name, ending]) => [name, fold(ending)]));

/** Turns a vocabulary pattern (notation in site-text-vocabulary.ts) into a regular expression over folded text. */
export function compileVocabularyPattern(pattern: string, language: TextLanguage): RegExp {
  const prefix = language === 'ar' ? ARABIC_PREFIX : '';
  const body = fold(pattern).replace(/\*|<([a-z-]+)>| /g, (token, name?: string) => {
    if (token === '*') return '\\p{L}*';
    if (token === ' ') return SEPARATOR + prefix;
    if (name === 'w') return FILLER_WORD;
    const ending = FOLDED_ENDINGS.get(name ?? '');
    if (ending === undefined) throw new Error(`Unknown ending <${name}> in site vocabulary pattern "${pattern}"`);
    return ending;
  });
  return new RegExp(`(?<![\\p{L}\\p{N}])${prefix}(?:${body})(?![\\p{L}\\p{N}])`, 'gu');
}

interface CompiledVocabulary {
  language: TextLanguage;
  /** Latin, Arabic or Cyrillic: a language is skipped for text without a letter of its script. */
  script: RegExp;
  terms: readonly { category: DetectionSiteCategory; pattern: RegExp }[];
  exclusions: readonly RegExp[];
}

const SCRIPTS: Readonly<Record<TextLanguage, RegExp>> = {
  en: /\p{Script=Latin}/u, fr: /\p{Script=Latin}/u, es: /\p{Script=Latin}/u, pt: /\p{Script=Latin}/u,
  ar: /\p{Script=Arabic}/u, ru: /\p{Script=Cyrillic}/u, uk: /\p{Script=Cyrillic}/u,
};

function compileVocabulary(vocabulary: LanguageVocabulary): CompiledVocabulary {
  const { language } = vocabulary;
  const terms = Object.entries(vocabulary.terms).flatMap(([category, patterns]) =>
    (patterns ?? []).map((pattern) => ({ category: category as DetectionSiteCategory, pattern: compileVocabularyPattern(pattern, language) })),
  );
  const exclusions = vocabulary.exclusions.map((pattern) => compileVocabularyPattern(pattern, language));
  return { language, script: SCRIPTS[language], terms, exclusions };
}

const COMPILED_VOCABULARIES: readonly CompiledVocabulary[] = SITE_VOCABULARIES.map(compileVocabulary);
const LANGUAGE_ORDER = new Map(SITE_VOCABULARIES.map((vocabulary, index) => [vocabulary.language, index]));

interface Span {
  start: number;
  end: number;
}
interface Candidate extends Span {
  category: DetectionSiteCategory;
  language: TextLanguage;
}

function spansOf(pattern: RegExp, text: string): Span[] {
  const spans: Span[] = [];
  pattern.lastIndex = 0;
  for (let found = pattern.exec(text); found !== null; found = pattern.exec(text)) {
    if (found[0].length === 0) pattern.lastIndex += 1;
    else spans.push({ start: found.index, end: found.index + found[0].length });
  }
  return spans;
}

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

/** Every site-kind mention in folded text, one per stretch of words, exclusions applied unless told not to. */
function kindMentionsIn(text: string, applyExclusions: boolean): Candidate[] {
  const vocabularies = COMPILED_VOCABULARIES.filter((vocabulary) => vocabulary.script.test(text));
  const excluded = applyExclusions ? vocabularies.flatMap((vocabulary) => vocabulary.exclusions.flatMap((pattern) => spansOf(pattern, text))) : [];
  const candidates = vocabularies.flatMap((vocabulary) =>
    vocabulary.terms.flatMap(({ category, pattern }) =>
      spansOf(pattern, text)
        .filter((span) => !excluded.some((exclusion) => overlaps(span, exclusion)))
        .map((span) => ({ ...span, category, language: vocabulary.language })),
    ),
  );
  const preference = languagePreference(text, candidates);
  // The longest mention wins where mentions overlap ("nuclear power plant" over "power plant"); among the same
  // words, the language the rest of the passage is written in.
  const ranked = [...candidates].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start || preference(a.language) - preference(b.language),
  );
  const kept: Candidate[] = [];
  for (const candidate of ranked) if (!kept.some((other) => overlaps(candidate, other))) kept.push(candidate);
  return kept.sort((a, b) => a.start - b.start);
}

/** Ranks languages for a passage: letters only Ukrainian or only Russian has, then mentions no other language found. */
function languagePreference(text: string, candidates: readonly Candidate[]): (language: TextLanguage) => number {
  const key = (span: Span) => `${span.start}:${span.end}`;
  const languagesBySpan = new Map<string, Set<TextLanguage>>();
  for (const candidate of candidates) languagesBySpan.set(key(candidate), (languagesBySpan.get(key(candidate)) ?? new Set()).add(candidate.language));
  const ownMentions = new Map<TextLanguage, number>();
  for (const languages of languagesBySpan.values()) {
    const [only] = languages;
    if (languages.size === 1 && only !== undefined) ownMentions.set(only, (ownMentions.get(only) ?? 0) + 1);
  }
  if (/[іїєґ]/u.test(text)) ownMentions.set('uk', (ownMentions.get('uk') ?? 0) + 1000);
  if (/[ыэъ]/u.test(text)) ownMentions.set('ru', (ownMentions.get('ru') ?? 0) + 1000);
  return (language) => -(ownMentions.get(language) ?? 0) * 100 + (LANGUAGE_ORDER.get(language) ?? 0);
}

function toOriginal(passages: readonly TextPassage[], passageIndex: number, folded: NormalisedText, span: Span): SiteTextSpan {
  const passage = passages[passageIndex] as TextPassage;
  const start = folded.originStart[span.start] ?? 0;
  const end = folded.originEnd[span.end - 1] ?? start;
  return { field: passage.field, passageIndex, start, end, matched: passage.text.slice(start, end) };
}

/**
 * Every mention of a kind of site that speaks of the site itself ("shelling hit the district hospital"), not of a
 * place people were taken to or a thing named after one ("taken to hospital", "school teacher", "black market").
 */
export function siteKindsNamedIn(passages: readonly TextPassage[]): SiteTextMatch[] {
  return passages.flatMap((passage, passageIndex) => {
    const folded = normaliseForMatching(passage.text);
    return kindMentionsIn(folded.text, true).map(({ category, language, ...span }) => ({
      ...toOriginal(passages, passageIndex, folded, span),
      category,
      language,
    }));
  });
}

/** Words that say what kind of site or which administration, but not which site ("Central District Hospital"). */
const GENERIC_NAME_WORDS: ReadonlySet<string> = new Set(
  (
    'the a an of and for no number general central main district regional provincial national municipal city town village ' +
    'county community local rural urban teaching referral primary secondary high middle elementary public state new old ' +
    'great grand big small childrens womens military civil civilian memorial camp site station plant office centre center ' +
    'complex building compound unit de du des la le les l el los las do da dos das al général générale centrale régional ' +
    'régionale nacional nationale municipale publique pública público ville ciudad cidade городская городской городская ' +
    'районная районной центральная центральной областная областной міська міської районна районної центральна обласна ' +
    'номер العام المركزي الوطني الحكومي'
  )
    .split(' ')
    .map(fold),
);

interface Token extends Span {
  value: string;
}
const tokensOf = (text: string): Token[] =>
  [...text.matchAll(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu)].map((found) => ({
    value: found[0].replace(/'/g, ''),
    start: found.index,
    end: found.index + found[0].length,
  }));

/**
 * Where the site's own name appears in the passages, whatever the case, accents or punctuation ("Al-Shifa Hospital"
 * in "al Shifa hospital"), and with or without a leading "the". All of the name must appear, word by word; a name made
 * only of generic words ("Hospital", "Primary School", "Central Market") names no site in particular and never matches.
 */
export function siteNameIn(siteName: string, passages: readonly TextPassage[]): SiteTextSpan | undefined {
  if (!passages.some((passage) => passage.text)) return undefined;
  const nameTokens = distinctiveNameTokens(siteName);
  if (!nameTokens) return undefined;
  for (const [passageIndex, { folded, tokens }] of tokenisedPassages(passages).entries()) {
    for (let first = 0; first + nameTokens.length <= tokens.length; first += 1) {
      if (nameTokens.every((token, offset) => tokens[first + offset]?.value === token)) {
        const start = (tokens[first] as Token).start;
        const end = (tokens[first + nameTokens.length - 1] as Token).end;
        return toOriginal(passages, passageIndex, folded, { start, end });
      }
    }
  }
  return undefined;
}

/**
 * A site's name as the words to look for, or undefined when it names no site in particular. Remembered per name
 * (up to a bound): detection asks about the same sites for incident after incident.
 */
const nameTokensByName = new Map<string, readonly string[] | undefined>();
const REMEMBERED_NAMES = 200_000;
function distinctiveNameTokens(siteName: string): readonly string[] | undefined {
  if (nameTokensByName.has(siteName)) return nameTokensByName.get(siteName);
  const name = normaliseForMatching(siteName).text;
  const nameTokens = tokensOf(name);
  if (nameTokens[0]?.value === 'the') nameTokens.shift();
  const kindWords = kindMentionsIn(name, false);
  const distinctive = nameTokens.some(
    (token) => !GENERIC_NAME_WORDS.has(token.value) && !kindWords.some((kind) => kind.start <= token.start && token.end <= kind.end),
  );
  const words = distinctive ? nameTokens.map((token) => token.value) : undefined;
  if (nameTokensByName.size >= REMEMBERED_NAMES) nameTokensByName.clear();
  nameTokensByName.set(siteName, words);
  return words;
}

/** The passages folded and cut into words once, however many sites' names are looked for in them. */
const tokenisedByPassages = new WeakMap<readonly TextPassage[], { folded: NormalisedText; tokens: Token[] }[]>();
function tokenisedPassages(passages: readonly TextPassage[]): { folded: NormalisedText; tokens: Token[] }[] {
  let tokenised = tokenisedByPassages.get(passages);
  if (!tokenised) {
    tokenised = passages.map((passage) => {
      const folded = normaliseForMatching(passage.text);
      return { folded, tokens: tokensOf(folded.text) };
    });
    tokenisedByPassages.set(passages, tokenised);
  }
  return tokenised;
}

/** Cuts a passage into pieces for display, the matched ones marked; overlapping or touching matches merge. */
export function highlightPieces(text: string, matches: readonly Span[]): { text: string; match: boolean }[] {
  const ranges = matches
    .map(({ start, end }) => ({ start: Math.max(0, Math.min(start, text.length)), end: Math.max(0, Math.min(end, text.length)) }))
    .filter(({ start, end }) => start < end)
    .sort((a, b) => a.start - b.start);
  const pieces: { text: string; match: boolean }[] = [];
  let cursor = 0;
  for (const range of ranges) {
    if (range.end <= cursor) continue;
    const start = Math.max(range.start, cursor);
    if (start > cursor) pieces.push({ text: text.slice(cursor, start), match: false });
    const last = pieces.at(-1);
    if (start === cursor && last?.match === true) last.text += text.slice(start, range.end);
    else pieces.push({ text: text.slice(start, range.end), match: true });
    cursor = range.end;
  }
  if (cursor < text.length) pieces.push({ text: text.slice(cursor), match: false });
  return pieces;
}
