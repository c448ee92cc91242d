// Placeholder with the agreed API; replaced by the multilingual matcher.
import type { DetectionSiteCategory } from './detection-inputs.js';
export type TextLanguage = 'en' | 'fr' | 'es' | 'pt' | 'ar' | 'ru' | 'uk';
export interface TextPassage { field: 'title' | 'narrative' | 'source'; text: string }
export interface SiteTextMatch { category: DetectionSiteCategory; field: TextPassage['field']; passageIndex: number; start: number; end: number; matched: string; language: TextLanguage }
const WORDS: [RegExp, DetectionSiteCategory][] = [[/\bhospital\b/giu, 'health_facility'], [/\bschool\b/giu, 'school']];
export function siteKindsNamedIn(passages: readonly TextPassage[]): SiteTextMatch[] {
  return passages.flatMap((p, passageIndex) => WORDS.flatMap(([re, category]) => [...p.text.matchAll(re)].map((m) => ({ category, field: p.field, passageIndex, start: m.index, end: m.index + m[0].length, matched: m[0], language: 'en' as const }))));
}
export function siteNameIn(siteName: string, passages: readonly TextPassage[]): Omit<SiteTextMatch, 'category' | 'language'> | undefined {
  for (const [passageIndex, p] of passages.entries()) {
    const i = p.text.toLowerCase().indexOf(siteName.toLowerCase());
    if (i >= 0 && siteName.length > 8) return { field: p.field, passageIndex, start: i, end: i + siteName.length, matched: p.text.slice(i, i + siteName.length) };
  }
  return undefined;
}
