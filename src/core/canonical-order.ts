import { AGE_GROUPS, CASUALTY_GROUPS, CASUALTY_KINDS, CATEGORIES, PERSON_STATUSES, SEXES, THEMES } from './taxonomy.js';

/**
 * One order for the unordered parts of an incident (themes, categories, casualty cells), taken from the taxonomy.
 * Input is put in it on validation and stored rows are read back in it, so the same data always compares equal —
 * which is what makes re-imports idempotent — whatever order a database returns rows in.
 */
const rank = <T extends string>(scale: readonly T[]) => {
  const index = new Map<string, number>(scale.map((v, i) => [v, i]));
  return (value: string) => index.get(value) ?? scale.length;
};
const themeRank = rank(THEMES);
const categoryRank = rank(CATEGORIES);
const kindRank = rank(CASUALTY_KINDS);
const statusRank = rank(PERSON_STATUSES);
const groupRank = (group: string | undefined) => (group === undefined ? -1 : CASUALTY_GROUPS.indexOf(group as never));
const sexRank = rank(SEXES);
const ageRank = rank(AGE_GROUPS);

export const sortThemes = <T extends string>(themes: readonly T[]): T[] => [...themes].sort((a, b) => themeRank(a) - themeRank(b));
export const sortCategories = <T extends string>(categories: readonly T[]): T[] => [...categories].sort((a, b) => categoryRank(a) - categoryRank(b));

export function sortCasualties<B extends { sex: string; ageGroup: string }, C extends { kind: string; status: string; group?: string | undefined; breakdown: B[] }>(cells: readonly C[]): C[] {
  return [...cells]
    .sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || statusRank(a.status) - statusRank(b.status) || groupRank(a.group) - groupRank(b.group))
    .map((c) => ({ ...c, breakdown: [...c.breakdown].sort((a, b) => sexRank(a.sex) - sexRank(b.sex) || ageRank(a.ageGroup) - ageRank(b.ageGroup)) }));
}
