import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DetectionSiteCategory } from '../../../src/core/detection/detection-inputs.js';
import {
  highlightPieces,
  normaliseForMatching,
  siteKindsNamedIn,
  siteNameIn,
  type TextLanguage,
  type TextPassage,
} from '../../../src/core/detection/site-text-evidence.js';

const title = (text: string): TextPassage[] => [{ field: 'title', text }];
/** What the matcher reads in one sentence, as "category:matched words". */
const kinds = (text: string) => siteKindsNamedIn(title(text)).map((match) => `${match.category}:${match.matched}`);
const languages = (text: string) => siteKindsNamedIn(title(text)).map((match) => match.language);

describe('site kinds named in hand-written sentences', () => {
  const cases: readonly [TextLanguage, string, readonly string[]][] = [
    ['en', 'Shelling hit the district hospital', ['health_facility:district hospital']],
    ['en', 'two wounded were taken to hospital', []],
    ['en', 'A civilian died in hospital; another was rushed to the nearby Juba Teaching Hospital', []],
    ['en', 'He died in an attack on the hospital', ['health_facility:hospital']],
    ['en', 'A school teacher and schoolchildren were shot on the school bus', []],
    ['en', 'Airstrike on a mosque and a Buddhist monastery', ['place_of_worship:mosque', 'place_of_worship:monastery']],
    ['en', 'Shelling near the Zaporizhzhia nuclear power plant and a substation', ['nuclear_power_station:nuclear power plant', 'power:substation']],
    ['en', 'Rebels attacked an army camp; the campaign went on; Camp David talks', []],
    ['en', 'Raid on an IDP camp and a camp for displaced families', ['displacement_camp:IDP camp', 'displacement_camp:camp for displaced families']],
    ['en', 'The UN compound and a WFP warehouse were looted', ['humanitarian_premises:UN compound', 'humanitarian_premises:WFP warehouse']],
    ['en', 'Militants blew up the water treatment plant, a dam and the Kharkiv CHP-5', ['water:water treatment plant', 'dam_or_dyke:dam', 'power:CHP']],
    ['en', 'Bomb in the central market as well as near the museum', ['other:market', 'cultural_property:museum']],
    ['en', 'The black market for fuel and hospitality workers', []],
    ['fr', 'Une école a été bombardée à Kidal', ['school:école']],
    ['fr', "Frappe sur l'HÔPITAL et deux hôpitaux de Gaza", ['health_facility:HÔPITAL', 'health_facility:hôpitaux']],
    ['fr', "Les blessés ont été évacués vers l'hôpital de Gao", []],
    ['fr', 'Attaque contre un camp de déplacés près de la mosquée', ['displacement_camp:camp de déplacés', 'place_of_worship:mosquée']],
    ['fr', "Un barrage routier de l'armée attaqué ; la centrale nucléaire menacée", ['nuclear_power_station:centrale nucléaire']],
    ['es', 'ataque contra el centro de salud', ['health_facility:centro de salud']],
    ['es', 'Incendiaron dos escuelas y la iglesia del pueblo', ['school:escuelas', 'place_of_worship:iglesia']],
    ['es', 'Los heridos fueron trasladados al hospital de Tumaco', []],
    ['es', 'Bombardeo del campamento de desplazados; presa del pánico, huyó', ['displacement_camp:campamento de desplazados']],
    ['pt', 'ataque à escola', ['school:escola']],
    ['pt', 'Os feridos foram levados ao hospital; o centro de saude foi queimado', ['health_facility:centro de saude']],
    ['pt', 'Insurgentes atacaram a igreja e o campo de deslocados', ['place_of_worship:igreja', 'displacement_camp:campo de deslocados']],
    ['ar', 'قصف مستشفى المدينة', ['health_facility:مستشفى']],
    ['ar', 'انفجار بالمستشفى والمدرسة', ['health_facility:بالمستشفى', 'school:والمدرسة']],
    ['ar', 'نُقل الجرحى إلى المستشفى', []],
    ['ar', 'غارة على مشفى ومسجد في مخيم جباليا', ['health_facility:مشفى', 'place_of_worship:ومسجد', 'displacement_camp:مخيم']],
    ['ar', 'قصف مدرسه الأونروا', ['school:مدرسه']],
    ['ru', 'обстрел больницы в Херсоне', ['health_facility:больницы']],
    ['ru', 'Раненых доставили в городскую больницу', []],
    ['ru', 'Удар по школе, детскому саду и Каховской ГЭС', ['school:школе', 'school:детскому саду', 'dam_or_dyke:ГЭС']],
    ['ru', 'Обстрел Запорожской АЭС и мечети', ['nuclear_power_station:АЭС', 'place_of_worship:мечети']],
    ['ru', 'Сгорели мечеть, церковью не занимались; лагерь для беженцев обстрелян', ['place_of_worship:мечеть', 'place_of_worship:церковью', 'displacement_camp:лагерь для беженцев']],
    ['uk', 'удар по лікарні', ['health_facility:лікарні']],
    ['uk', 'Знищено склад гуманітарної допомоги та пам’ятку архітектури', ['humanitarian_premises:склад гуманітарної допомоги', 'cultural_property:пам’ятку']],
    ['uk', 'ракета влучила по школі', ['school:школі']],
    ['uk', 'обстріл біля табору для ВПО', ['displacement_camp:табору для ВПО']],
    ['uk', 'Поранених доставили до лікарні; пошкоджено ЗАЕС і водоканал', ['nuclear_power_station:ЗАЕС', 'water:водоканал']],
  ];

  it.each(cases)('%s: %s', (language, text, expected) => {
    expect(kinds(text)).toEqual(expected);
    for (const found of languages(text)) expect(found).toBe(language);
  });

  it('accents written or not, decomposed or composed, find the same words and slice the original exactly', () => {
    for (const text of ['ecole bombardee', 'école bombardée', 'e\u0301cole bombarde\u0301e']) {
      const [match] = siteKindsNamedIn(title(text));
      expect(match?.category).toBe('school');
      expect(match?.matched).toBe(text.slice(0, text.indexOf(' ')));
    }
  });

  it('words are whole: schoolboy, hospitality, campaign, wellbeing and Damascus name no site', () => {
    expect(kinds('A schoolboy in hospitality, the campaign for wellbeing in Damascus')).toEqual([]);
  });

  it('Arabic tatweel and diacritics do not hide a word, and the span keeps them', () => {
    const text = 'قصف المُسْتَشْفـى';
    const [match] = siteKindsNamedIn(title(text));
    expect(match?.category).toBe('health_facility');
    expect(match?.matched).toBe('المُسْتَشْفـى');
  });

  it('reports each passage by its field and index', () => {
    const matches = siteKindsNamedIn([
      { field: 'title', text: 'Clashes in Kidal' },
      { field: 'narrative', text: 'Gunmen burned a school.' },
      { field: 'source', text: 'Church attacked' },
    ]);
    expect(matches.map(({ field, passageIndex, start, end }) => ({ field, passageIndex, start, end }))).toEqual([
      { field: 'narrative', passageIndex: 1, start: 16, end: 22 },
      { field: 'source', passageIndex: 2, start: 0, end: 6 },
    ]);
  });
});

/**
 * Real texts from the UCDP Georeferenced Event Dataset (where_description and source_headline), quoted briefly.
 * UCDP GED, Uppsala Conflict Data Program, CC BY 4.0. Event ids are given for each.
 */
describe('site kinds named in real UCDP GED texts', () => {
  const cases: readonly [number, string, readonly DetectionSiteCategory[]][] = [
    [204942, 'Three killed, hospital shelled in east Ukraine', ['health_facility']],
    [392366, 'Civilian killed, water pumping station damaged in shelling in east Ukraine', ['water']],
    [433111, 'For the second time in one day, Myanmar junta bombs a Buddhist monastery full of civilians', ['place_of_worship']],
    [426958, 'Junta Attacks Karenni IDP Camps With Fighter Jets', ['displacement_camp']],
    [418787, 'Luhansk thermal power plant near the town of Shchastya', ['power']],
    [416801, 'Checkpoint located at secondary school No. 14 in Ilovaisk', ['school']],
    [219322, 'Suicide bomber kills seven in Baghdad market: officials', ['other']],
    [71369, 'near Hat Gyi dam, probably in Hlaing Bwe Township, Karen State', ['dam_or_dyke']],
    [444890, 'a military camp in Rikhawdar town, Falam District', []],
    [413664, '30y.o. Oleksiy Kaydanovych died from wounds in hospital on Aug 10, 2021.', []],
    [429992, '"died while being transported to the Artemivsk City Hospital." - probably injured nearby Artemivsk city.', []],
    [182278, 'Guadalupe suburb (on the way to hospital in Ciudad Juarez), Chihuahua', []],
    [431174, 'Myanmar junta troops said to have held preschoolers as \u2018human shields\u2019 after raid', []],
    [246647, 'Ukrainian troops violate "school year" truce 37 times over past week', []],
  ];
  it.each(cases)('GED %i: %s', (_id, text, expected) => {
    expect(siteKindsNamedIn(title(text)).map((match) => match.category)).toEqual(expected);
  });
});

describe("a site's own name in the passages", () => {
  const passages: TextPassage[] = [
    { field: 'title', text: 'Shelling in Juba' },
    { field: 'narrative', text: 'Mortar rounds struck the JUBA TEACHING-HOSPITAL and the hospital yard.' },
  ];

  it('is found whatever the case, punctuation or a leading "the", with the span of the words as written', () => {
    for (const name of ['Juba Teaching Hospital', 'the juba teaching hospital', 'Juba teaching hospital.']) {
      expect(siteNameIn(name, passages)).toEqual({ field: 'narrative', passageIndex: 1, start: 25, end: 47, matched: 'JUBA TEACHING-HOSPITAL' });
    }
  });

  it('is found with accents and apostrophes written differently', () => {
    const text = "Frappe près de l’Hopital Saint-Michel";
    expect(siteNameIn("L'Hôpital Saint Michel", title(text))?.matched).toBe('l’Hopital Saint-Michel');
  });

  it('must appear whole: part of the name is not the site', () => {
    expect(siteNameIn('Sittwe General Hospital', title('Fighting near Sittwe; the general hospital closed'))).toBeUndefined();
    expect(siteNameIn('Sittwe General Hospital', title('Shells hit Sittwe General Hospital'))?.matched).toBe('Sittwe General Hospital');
  });

  it('made only of generic words, names no site in particular', () => {
    for (const name of ['Hospital', 'Primary School', 'The Central Market', 'IDP Camp', 'Городская больница'])
      expect(siteNameIn(name, title(`Attack on the ${name} and the hospital`))).toBeUndefined();
  });

  it('names what a kind-word reading excludes: a named hospital the wounded were taken to is still that hospital', () => {
    const text = 'died while being transported to the Artemivsk City Hospital.';
    expect(siteKindsNamedIn(title(text))).toEqual([]);
    expect(siteNameIn('Artemivsk City Hospital', title(text))?.start).toBe(36);
  });
});

describe('highlight pieces', () => {
  it('cuts a passage around its matches, merging overlaps and ignoring empty or out-of-range spans', () => {
    expect(highlightPieces('abcdefgh', [{ start: 5, end: 7 }, { start: 1, end: 3 }, { start: 2, end: 4 }, { start: 6, end: 6 }, { start: 7, end: 99 }])).toEqual([
      { text: 'a', match: false },
      { text: 'bcd', match: true },
      { text: 'e', match: false },
      { text: 'fgh', match: true },
    ]);
    expect(highlightPieces('', [{ start: 0, end: 3 }])).toEqual([]);
  });

  it('always rebuilds the text, and marks exactly the characters some match covers', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.array(fc.record({ start: fc.integer({ min: -3, max: 35 }), end: fc.integer({ min: -3, max: 35 }) })), (text, matches) => {
        const pieces = highlightPieces(text, matches);
        expect(pieces.map((piece) => piece.text).join('')).toBe(text);
        let offset = 0;
        for (const piece of pieces) {
          expect(piece.text.length).toBeGreaterThan(0);
          for (let index = offset; index < offset + piece.text.length; index += 1)
            expect(matches.some(({ start, end }) => start <= index && index < end)).toBe(piece.match);
          offset += piece.text.length;
        }
      }),
    );
  });
});

describe('site text evidence properties', () => {
  const fragments = [
    'Shelling hit the hospital', 'taken to hospital', 'école', 'HÔPITAUX', 'centro de salud', 'escola', 'بالمستشفى', 'مخيم',
    'больницы', 'лікарні', 'табір для ВПО', 'ЗАЕС', 'nuclear power plant', 'power plant', 'IDP camp', 'camp', 'schoolboy',
    'market', 'black market', 'e\u0301cole', 'المُسْتَشْفـى', 'dam', ',', '.', '-', '  ', 'the', 'in',
  ];
  const text = fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 6 })), { maxLength: 8 }).map((parts) => parts.join(' '));
  const readable = fc.array(fc.constantFrom(...fragments), { maxLength: 8 }).map((parts) => parts.join(' '));

  it('never throws on arbitrary text, and every match slices its passage to exactly the matched words', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ unit: 'binary' })), (passage) => {
        for (const match of siteKindsNamedIn([{ field: 'narrative', text: 'x' }, { field: 'title', text: passage }])) {
          expect(match.passageIndex).toBe(1);
          expect(match.start).toBeLessThan(match.end);
          expect(passage.slice(match.start, match.end)).toBe(match.matched);
        }
      }),
    );
  });

  it('unrelated sentences around a passage keep its matches, shifted by what came before', () => {
    const before = fc.constantFrom('', 'Reported on Monday. ', 'Update 3: ', 'Quelque part. ');
    const after = fc.constantFrom('', '. Officials gave no figures.', ' (AFP)');
    fc.assert(
      fc.property(before, text, after, (prefix, passage, suffix) => {
        const alone = siteKindsNamedIn(title(passage));
        const surrounded = siteKindsNamedIn(title(prefix + passage + suffix));
        expect(surrounded).toEqual(alone.map((match) => ({ ...match, start: match.start + prefix.length, end: match.end + prefix.length })));
      }),
    );
  });

  it('upper or lower case finds the same kinds of site', () => {
    fc.assert(
      fc.property(readable, (passage) => {
        const categories = (t: string) => siteKindsNamedIn(title(t)).map((match) => match.category);
        expect(categories(passage.toUpperCase())).toEqual(categories(passage));
        expect(categories(passage.toLowerCase())).toEqual(categories(passage));
      }),
    );
  });

  it('the folded text maps every character back inside the original, in order', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (original) => {
        const folded = normaliseForMatching(original);
        expect(folded.originStart).toHaveLength(folded.text.length);
        for (let index = 0; index < folded.text.length; index += 1) {
          const start = folded.originStart[index] ?? -1;
          expect(start).toBeGreaterThanOrEqual(index > 0 ? (folded.originStart[index - 1] ?? 0) : 0);
          expect(folded.originEnd[index]).toBeGreaterThan(start);
          expect(folded.originEnd[index]).toBeLessThanOrEqual(original.length);
        }
      }),
    );
  });
});
