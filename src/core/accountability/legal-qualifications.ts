/**
 * The legal qualifications a case may consider: crimes under the Rome Statute of the International Criminal Court
 * (articles 6, 7 and 8) and serious violations of human rights under the treaties that define them. The catalogue is
 * data, so the web form, the API and the checks read the same list.
 *
 * `verification`, as in the use-of-force rule sets: V — checked against a copy of the text; M — written from memory of
 * the text, to be checked before anyone relies on the reference. Most entries are M until a lawyer has checked them
 * against the Statute as amended (the 2010 Kampala and 2017–2019 amendments renumbered nothing, but added items).
 */
import { z } from 'zod';

export const QUALIFICATION_CATEGORIES = ['war_crime', 'crime_against_humanity', 'genocide', 'serious_human_rights_violation'] as const;
export type QualificationCategory = (typeof QUALIFICATION_CATEGORIES)[number];

export const QUALIFICATION_CATEGORY_LABELS: Record<QualificationCategory, string> = {
  war_crime: 'War crime',
  crime_against_humanity: 'Crime against humanity',
  genocide: 'Genocide',
  serious_human_rights_violation: 'Serious human-rights violation',
};

export const legalQualificationSchema = z.object({
  /** Stable id, used in the API and stored with the case. */
  id: z.string(),
  category: z.enum(QUALIFICATION_CATEGORIES),
  instrument: z.enum(['Rome Statute', 'ICCPR', 'CAT', 'ICPPED']),
  /** The article as cited, e.g. `Art. 8(2)(b)(i)`. */
  article: z.string(),
  title: z.string(),
  /** For war crimes: in which kind of armed conflict the provision applies. */
  conflict: z.enum(['international', 'non_international']).optional(),
  verification: z.enum(['V', 'M']),
});
export type LegalQualification = z.output<typeof legalQualificationSchema>;

const rs = (
  id: string,
  category: QualificationCategory,
  article: string,
  title: string,
  verification: 'V' | 'M' = 'M',
  conflict?: LegalQualification['conflict'],
): LegalQualification => ({ id, category, instrument: 'Rome Statute', article, title, verification, ...(conflict && { conflict }) });

export const LEGAL_QUALIFICATIONS: readonly LegalQualification[] = [
  rs('rs-6', 'genocide', 'Art. 6', 'Genocide: killing or other listed acts with intent to destroy, in whole or in part, a national, ethnical, racial or religious group'),
  rs('rs-7-1-a', 'crime_against_humanity', 'Art. 7(1)(a)', 'Murder, as part of a widespread or systematic attack against a civilian population'),
  rs('rs-7-1-b', 'crime_against_humanity', 'Art. 7(1)(b)', 'Extermination'),
  rs('rs-7-1-d', 'crime_against_humanity', 'Art. 7(1)(d)', 'Deportation or forcible transfer of population'),
  rs('rs-7-1-e', 'crime_against_humanity', 'Art. 7(1)(e)', 'Imprisonment or other severe deprivation of physical liberty'),
  rs('rs-7-1-f', 'crime_against_humanity', 'Art. 7(1)(f)', 'Torture'),
  rs('rs-7-1-g', 'crime_against_humanity', 'Art. 7(1)(g)', 'Rape, sexual slavery, enforced prostitution, forced pregnancy, enforced sterilization or other sexual violence of comparable gravity'),
  rs('rs-7-1-h', 'crime_against_humanity', 'Art. 7(1)(h)', 'Persecution'),
  rs('rs-7-1-i', 'crime_against_humanity', 'Art. 7(1)(i)', 'Enforced disappearance of persons'),
  rs('rs-8-2-a-i', 'war_crime', 'Art. 8(2)(a)(i)', 'Wilful killing (grave breach of the Geneva Conventions)', 'M', 'international'),
  rs('rs-8-2-a-ii', 'war_crime', 'Art. 8(2)(a)(ii)', 'Torture or inhuman treatment (grave breach)', 'M', 'international'),
  rs('rs-8-2-b-i', 'war_crime', 'Art. 8(2)(b)(i)', 'Intentionally directing attacks against the civilian population or individual civilians not taking direct part in hostilities', 'M', 'international'),
  rs('rs-8-2-b-ii', 'war_crime', 'Art. 8(2)(b)(ii)', 'Intentionally directing attacks against civilian objects', 'M', 'international'),
  rs('rs-8-2-b-iii', 'war_crime', 'Art. 8(2)(b)(iii)', 'Attacks against personnel, installations, material, units or vehicles of a humanitarian assistance or peacekeeping mission', 'M', 'international'),
  rs('rs-8-2-b-iv', 'war_crime', 'Art. 8(2)(b)(iv)', 'Launching an attack knowing it will cause clearly excessive incidental civilian harm', 'M', 'international'),
  rs('rs-8-2-b-ix', 'war_crime', 'Art. 8(2)(b)(ix)', 'Attacks against buildings dedicated to religion, education, art, science or charitable purposes, historic monuments, hospitals', 'M', 'international'),
  rs('rs-8-2-b-xxii', 'war_crime', 'Art. 8(2)(b)(xxii)', 'Rape, sexual slavery, enforced prostitution, forced pregnancy, enforced sterilization or other sexual violence', 'M', 'international'),
  rs('rs-8-2-b-xxiv', 'war_crime', 'Art. 8(2)(b)(xxiv)', 'Attacks against buildings, material, medical units and transport, and personnel using the distinctive emblems of the Geneva Conventions', 'M', 'international'),
  rs('rs-8-2-b-xxv', 'war_crime', 'Art. 8(2)(b)(xxv)', 'Intentionally using starvation of civilians as a method of warfare', 'M', 'international'),
  rs('rs-8-2-b-xxvi', 'war_crime', 'Art. 8(2)(b)(xxvi)', 'Conscripting or enlisting children under fifteen into the national armed forces or using them to participate actively in hostilities', 'M', 'international'),
  rs('rs-8-2-c-i', 'war_crime', 'Art. 8(2)(c)(i)', 'Violence to life and person, in particular murder, mutilation, cruel treatment and torture (common article 3)', 'M', 'non_international'),
  rs('rs-8-2-c-iii', 'war_crime', 'Art. 8(2)(c)(iii)', 'Taking of hostages', 'M', 'non_international'),
  rs('rs-8-2-e-i', 'war_crime', 'Art. 8(2)(e)(i)', 'Intentionally directing attacks against the civilian population or individual civilians not taking direct part in hostilities', 'M', 'non_international'),
  rs('rs-8-2-e-ii', 'war_crime', 'Art. 8(2)(e)(ii)', 'Attacks against buildings, material, medical units and transport, and personnel using the distinctive emblems of the Geneva Conventions', 'M', 'non_international'),
  rs('rs-8-2-e-iii', 'war_crime', 'Art. 8(2)(e)(iii)', 'Attacks against personnel, installations, material, units or vehicles of a humanitarian assistance or peacekeeping mission', 'M', 'non_international'),
  rs('rs-8-2-e-iv', 'war_crime', 'Art. 8(2)(e)(iv)', 'Attacks against buildings dedicated to religion, education, art, science or charitable purposes, historic monuments, hospitals', 'M', 'non_international'),
  rs('rs-8-2-e-v', 'war_crime', 'Art. 8(2)(e)(v)', 'Pillaging a town or place', 'M', 'non_international'),
  rs('rs-8-2-e-vi', 'war_crime', 'Art. 8(2)(e)(vi)', 'Rape, sexual slavery, enforced prostitution, forced pregnancy, enforced sterilization or other sexual violence', 'M', 'non_international'),
  // Checked against the Case Matrix Network's elements digest for 8(2)(e)(vii), which quotes the provision.
  rs('rs-8-2-e-vii', 'war_crime', 'Art. 8(2)(e)(vii)', 'Conscripting or enlisting children under fifteen into armed forces or groups or using them to participate actively in hostilities', 'V', 'non_international'),
  // Added by the 2019 amendment; in force only for the States that ratified it.
  rs('rs-8-2-e-xix', 'war_crime', 'Art. 8(2)(e)(xix)', 'Intentionally using starvation of civilians as a method of warfare (2019 amendment)', 'M', 'non_international'),
  { id: 'iccpr-6', category: 'serious_human_rights_violation', instrument: 'ICCPR', article: 'ICCPR Art. 6', title: 'Arbitrary deprivation of life (including extrajudicial execution)', verification: 'M' },
  { id: 'iccpr-7', category: 'serious_human_rights_violation', instrument: 'ICCPR', article: 'ICCPR Art. 7', title: 'Torture or cruel, inhuman or degrading treatment or punishment', verification: 'M' },
  { id: 'iccpr-9', category: 'serious_human_rights_violation', instrument: 'ICCPR', article: 'ICCPR Art. 9', title: 'Arbitrary arrest or detention', verification: 'M' },
  { id: 'cat-1', category: 'serious_human_rights_violation', instrument: 'CAT', article: 'CAT Art. 1', title: 'Torture by or with the acquiescence of a public official', verification: 'M' },
  { id: 'icpped-2', category: 'serious_human_rights_violation', instrument: 'ICPPED', article: 'ICPPED Art. 2', title: 'Enforced disappearance', verification: 'M' },
];

export const LEGAL_QUALIFICATION_IDS = LEGAL_QUALIFICATIONS.map((q) => q.id) as [string, ...string[]];

const BY_ID = new Map(LEGAL_QUALIFICATIONS.map((q) => [q.id, q]));

export function legalQualification(id: string): LegalQualification | undefined {
  return BY_ID.get(id);
}
