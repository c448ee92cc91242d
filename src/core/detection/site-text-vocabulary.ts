import type { DetectionSiteCategory } from './detection-inputs.js';

export type TextLanguage = 'en' | 'fr' | 'es' | 'pt' | 'ar' | 'ru' | 'uk';

/**
 * The words that name a kind of protected site, and the phrases in which such a word does not speak of the site
 * being harmed, per language. Patterns are written as people spell the words (accents, ё, ة, hamza): they are
 * normalised like the text before compiling, so "hôpital" also finds "hopital" and "HÔPITAL". Pattern notation:
 *  - a space is one or more spaces or hyphens ("health centre" finds "health-centre");
 *  - `( | )`, `?` and `{m,n}` are regular-expression groups, optional parts and counts;
 *  - `*` is any run of letters (verb stems: "evacu*" finds "evacuated");
 *  - `<ru>` / `<uk>` a Russian / Ukrainian noun ending, `<ru-adj>` / `<uk-adj>` an adjective ending;
 *  - `<w>` one word that is neither a preposition nor an attack ("the *district* hospital", not "attack on").
 * In Arabic every word may carry the attached و ف ب ك ل and the article ال ("بالمستشفى", "والمدرسة").
 * A whole pattern must stand between non-letters: "schoolboy", "hospitality" and "campaign" are not sites.
 */
export interface LanguageVocabulary {
  language: TextLanguage;
  terms: Readonly<Partial<Record<DetectionSiteCategory, readonly string[]>>>;
  /** A site word inside one of these phrases is not a mention of the site (wounded taken to hospital, black market). */
  exclusions: readonly string[];
}

/** A camp counts only when it is said to hold displaced people or refugees: "camp" alone is as often military. */
const EN: LanguageVocabulary = {
  language: 'en',
  terms: {
    health_facility: [
      '(field |military |district |general |referral |teaching )?hospitals?',
      'clinics?', 'polyclinics?', 'infirmar(y|ies)', 'dispensar(y|ies)',
      '(primary )?health ?care (centre|center|facility|facilities)s?',
      'health (centre|center|post|facility|facilities|unit|complex)s?',
      'medical (centre|center|facility|facilities|clinic|post|point|complex)s?',
      'maternity (hospital|ward|clinic|home|unit|centre|center)s?', 'trauma (centre|center)s?',
    ],
    school: [
      '(primary |secondary |high |elementary |middle |boarding |girls |boys )?schools?', 'colleges?', 'universit(y|ies)',
      'kindergartens?', 'nursery schools?', 'pre-?schools?', 'madrass?ah?s?',
    ],
    place_of_worship: [
      'mosques?', 'church(es)?', 'cathedrals?', 'temples?', 'pagodas?', 'monaster(y|ies)', 'synagogues?', 'shrines?',
      'chapels?', 'gurdwaras?', 'convents?', 'husseiniyas?', 'places? of worship', 'prayer (hall|house)s?',
    ],
    displacement_camp: [
      '(idp|idps|refugee|refugees|displaced|displacement|displaced persons|internally displaced persons) (camp|site|settlement|shelter|centre|center)s?',
      '(camp|shelter|centre|center)s? for (the )?(internally )?(displaced|refugees|idps)( people| persons| families)?',
      '(protection of civilians|poc) sites?',
    ],
    humanitarian_premises: [
      '(un|united nations|unicef|unhcr|wfp|who|unrwa|ocha|icrc|red cross|red crescent|msf|ngo|aid agency|aid group|humanitarian|relief) (office|compound|base|warehouse|premises|headquarters|hub|guesthouse)s?',
      '(aid|humanitarian|relief|food) distribution (point|site|centre|center)s?',
      '(aid|humanitarian|relief) warehouses?',
    ],
    water: [
      'water (wells?|points?|towers?|tanks?|stations?|plants?|facilit(y|ies)|infrastructure|reservoirs?|supply (plant|station|system)s?|pumping stations?|treatment (plant|facilit(y|ies)|station)s?)',
      'pumping stations?', '(sewage|wastewater) treatment (plant|facility|station)s?', 'desalination plants?',
      'boreholes?', '(village|community) wells?', 'reservoirs?',
    ],
    power: [
      '((thermal|coal|coal-fired|gas|gas-fired|diesel|solar) )?power (plant|station)s?', 'thermal (power )?(plant|station)s?',
      '(electrical |electricity |power )?substations?', 'chp( plant)?', 'tpp', 'combined heat and power (plant|station)s?',
      '(electricity|power) generation (plant|station|facility)s?', 'power generating stations?', '(power|transmission) lines?',
    ],
    // Hydroelectric stations are their dams: the special protection of works holding dangerous forces (AP I art. 56).
    dam_or_dyke: ['dams?', 'dykes?', 'dikes?', 'levees?', 'hydro(electric|power)?( power)? (plant|station|dam)s?', 'hpp'],
    nuclear_power_station: ['(nuclear|atomic) (power )?(plant|station|reactor|facility)s?', 'npp', 'znpp'],
    cultural_property: [
      'museums?', '(world )?heritage( sites?)?', '(historic|historical|ancient|archaeological) (site|monument|building|city)s?',
      'monuments?', 'librar(y|ies)', 'archives?',
    ],
    other: ['markets?', 'marketplaces?', 'market squares?', 'bazaars?', 'souq?s?', 'suqs?'],
  },
  exclusions: [
    // The wounded taken to, treated in or dying in a hospital: the hospital is where they went, not what was hit.
    '(taken|rushed|evacuated|admitted|brought|transported|transferred|airlifted|ferried|carried|driven|sent|moved|referred|way|route) (to|into) (the |a |an )?<w>{0,3}(hospital|clinic|health (centre|center)|medical (centre|center)|infirmary)s?',
    '(died|dies|die|dying|succumbed|recovering|treated|being treated|receiving treatment|hospitali[sz]ed|admitted|remains?|remained) (in|at) (the |a |an )?<w>{0,3}(hospital|clinic|health (centre|center)|medical (centre|center))s?',
    'in hospital(?! (grounds|compound|premises|building|yard))',
    '(hospital|medical) (sources?|officials?|records)',
    // People and things belonging to a school or church, not the building.
    'back to school', 'schools? (teachers?|pupils?|students?|children|bus(es)?|boys?|girls?|principal|headmaster|holidays?|year|term|exams?|uniforms?)',
    'church (leaders?|officials?|spokes(man|person)|said|says)',
    // Fighters' camps are not displacement camps even when displaced people are mentioned with them.
    '(military|army|rebel|militia|insurgent|training|base|terrorist) camps?( for)?',
    // Military colleges, academies and training schools train soldiers: a military objective, not a school.
    '(military|army|police|defen[cs]e services?|officers?|cadet|naval|air force|war) (training )?(college|school|academy|universit(y|ies))s?',
    '(military|army) training schools?',
    '(black|stock|labou?r|job|oil|financial|world) markets?', 'markets? (prices?|share|value|economy)',
    // Place names made of site words.
    'three pagodas( pass?)?',
    // "University of X" as an employer stays a mention: an attack on its staff is often on its campus.
  ],
};

const FR: LanguageVocabulary = {
  language: 'fr',
  terms: {
    health_facility: [
      'hôpita(l|ux)', 'cliniques?', 'centres? de santé', 'centres? (médical|médicaux|hospitalier|hospitaliers)',
      'postes? de santé', 'dispensaires?', 'maternités?', 'cscom', 'formations? sanitaires?', 'structures? (sanitaires?|de santé)',
    ],
    school: [
      'écoles?', 'établissements? scolaires?', 'collèges?', 'lycées?', 'universités?', 'maternelles?',
      "jardins? d'enfants", 'medersas?',
    ],
    place_of_worship: [
      'mosquées?', 'églises?', 'cathédrales?', 'temples?', 'pagodes?', 'monastères?', 'synagogues?', 'sanctuaires?',
      'chapelles?', 'lieux? de culte',
    ],
    displacement_camp: [
      '(camp|site|centre)s? (de|des|pour) (les )?(personnes )?(déplacé|réfugié)(e)?s?( internes)?',
      "(camp|site)s? (de|des) pdi", "centres? d'accueil (de|des|pour) (déplacés|réfugiés)",
    ],
    humanitarian_premises: [
      "(bureau|bureaux|locaux|base|bases|entrepôts?|siège|enceinte|magasins?) (de l'|du |des |de la |de )?(onu|nations unies|unicef|pam|hcr|cicr|croix-rouge|msf|ong|ocha|agence humanitaire|organisations? humanitaires?)",
      'entrepôts? (humanitaires?|du pam)',
    ],
    water: [
      "stations? (de pompage|d'eau|de traitement (de l'eau|des eaux))", "usines? (de traitement |de production )?(d'eau|des eaux|de l'eau)( potable)?",
      "châteaux? d'eau", 'forages?', 'puits', 'réservoirs?', "adductions? d'eau",
    ],
    power: [
      'centrales? (électriques?|thermiques?|à charbon|à gaz)', 'sous-stations?( électriques?)?',
      'postes? (électriques?|de transformation)',
    ],
    dam_or_dyke: ['barrages?', 'digues?', 'centrales? hydroélectriques?'],
    nuclear_power_station: ['centrales? nucléaires?', 'centrales? atomiques?'],
    cultural_property: [
      'musées?', 'sites? (historiques?|patrimoniaux|patrimonial|archéologiques?)', 'patrimoine mondial', 'monuments?',
      'bibliothèques?', 'archives', 'mausolées?',
    ],
    other: ['marchés?', 'bazars?'],
  },
  exclusions: [
    "(transport|évacu|admi|conduit|achemin|hospitalis|succomb|décéd|soign|mort|amen)* (à|au|aux|vers|dans) (l'|(le|la|les|un|une|des) )?<w>{0,2}(hôpita(l|ux)|cliniques?|centres? de santé|dispensaires?)",
    // "Barrage" is also a roadblock.
    "barrages? (routiers?|de (police|gendarmerie|l'armée|contrôle|sécurité)|militaires?|filtrants?)",
    '(enseignant|instituteur|institutrice|élève|directeur|directrice)s? (de l\'|d\'|des |de la )?écoles?',
    '(camp|base)s? (militaires?|d\'entraînement|de l\'armée|rebelles?)',
    'marchés? (noir|du travail|financiers?|publics?)',
  ],
};

const ES: LanguageVocabulary = {
  language: 'es',
  terms: {
    health_facility: [
      'hospital(es)?', 'clínicas?', 'centros? de salud', 'puestos? de salud', 'centros? (médicos?|asistencial(es)?|hospitalarios?)',
      'dispensarios?', 'maternidad(es)?', 'ambulatorios?', 'consultorios?',
    ],
    school: [
      'escuelas?', 'colegios?', 'universidad(es)?', 'liceos?', 'jardín(es)? (de niños|infantil(es)?)', 'jardines de niños',
      'guarderías?', 'centros? educativos?', 'unidad(es)? educativas?',
    ],
    place_of_worship: [
      'mezquitas?', 'iglesias?', 'catedral(es)?', 'templos?', 'pagodas?', 'monasterios?', 'sinagogas?', 'santuarios?',
      'capillas?', 'parroquias?', 'lugar(es)? de culto',
    ],
    displacement_camp: [
      '(campamento|campo|albergue|asentamiento)s? (de|para) (los )?(personas )?(desplazad|refugiad)[oa]s?( internos)?',
    ],
    humanitarian_premises: [
      '(oficina|sede|bodega|almacén|almacenes|instalaciones|base|recinto)s? (de la |del |de los |de )?(onu|naciones unidas|unicef|acnur|pma|cicr|cruz roja|msf|ong|ocha|agencia humanitaria|organización humanitaria)',
      'almac(én|enes) (de ayuda humanitaria|humanitarios?)',
    ],
    water: [
      'estaci(ón|ones) de bombeo', 'plantas? (de tratamiento de agua|potabilizadoras?|de agua|desalinizadoras?)',
      'pozos?( de agua)?', 'acueductos?', 'embalses?', '(depósito|tanque)s? de agua',
    ],
    power: [
      'centrales? (eléctricas?|térmicas?|termoeléctricas?)', 'plantas? (eléctricas?|de energía|termoeléctricas?)',
      'subestaci(ón|ones)( eléctricas?)?', 'torres? (eléctricas?|de energía|de alta tensión)',
    ],
    dam_or_dyke: ['presas?', 'represas?', 'diques?', '(central|planta|represa)(es|s)? hidroeléctricas?'],
    nuclear_power_station: ['(central|planta)(es|s)? nucleares?', '(central|planta)(es|s)? nuclear'],
    cultural_property: [
      'museos?', 'sitios? (históricos?|arqueológicos?|patrimoniales?)', 'patrimonio (cultural|de la humanidad)', 'monumentos?',
      'bibliotecas?', 'archivos? (históricos?|nacional(es)?|municipal(es)?)',
    ],
    other: ['mercados?', 'mercadillos?', 'plazas? de mercado'],
  },
  exclusions: [
    '(trasladad|llevad|evacuad|ingresad|internad|hospitalizad|atendid|muri|falleci|remitid|trasladaron|llevaron)* (a|al|en|hasta)( (el|la|un|una|los|las))? <w>{0,2}(hospital(es)?|clínicas?|centros? de salud|centros? médicos?|puestos? de salud)',
    // "Presa" is also prey and a woman prisoner.
    'presas? (de|del) (pánico|miedo|terror|las llamas|fuego)', 'presa política',
    '(campamento|campo|base)s? (militar(es)?|de entrenamiento|guerrillero?s?|del ejército)',
    'mercados? (negro|laboral|de trabajo|financieros?)',
  ],
};

const PT: LanguageVocabulary = {
  language: 'pt',
  terms: {
    health_facility: [
      'hospita(l|is)', 'clínicas?', 'centros? de saúde', 'postos? de saúde', 'postos? médicos?', 'unidades? (de saúde|sanitárias?)',
      'centros? (médicos?|hospitalar(es)?)', 'maternidades?', 'dispensários?', 'ambulatórios?',
    ],
    school: [
      'escolas?', 'colégios?', 'universidades?', 'creches?', 'jardi(m|ns) de infância', 'escolinhas?', 'estabelecimentos? de ensino', 'liceus?',
    ],
    place_of_worship: [
      'mesquitas?', 'igrejas?', 'catedra(l|is)', 'templos?', 'pagodes?', 'mosteiros?', 'conventos?', 'sinagogas?',
      'santuários?', 'capelas?', 'loca(l|is) de culto',
    ],
    displacement_camp: [
      '(campo|acampamento|centro)s? (de|para) (os )?(pessoas )?(deslocad|refugiad)[oa]s?( internos)?',
      'centros? de (reassentamento|acolhimento|acomodação)',
    ],
    humanitarian_premises: [
      '(escritório|sede|armazé(m|ns)|instalaç(ão|ões)|base|complexo)s? (da |do |de |das |dos )?(onu|nações unidas|unicef|acnur|pam|cicv|cruz vermelha|msf|ong|ocha|agência humanitária|organização humanitária)',
      'armazé(m|ns) (de ajuda humanitária|humanitários?)',
    ],
    water: [
      'estaç(ão|ões) de (bombeamento|bombagem|tratamento de água|água)', 'poços?( de água)?', 'furos? de água',
      'reservatórios?( de água)?', 'sistemas? de abastecimento de água',
    ],
    power: [
      'centra(l|is) (elétricas?|eléctricas?|térmicas?|termoelétricas?)', 'usinas? (elétricas?|termoelétricas?|de energia)',
      'subestaç(ão|ões)', 'postos? de transformação',
    ],
    dam_or_dyke: ['barrage(m|ns)', 'diques?', 'represas?', '(central|centrais|usinas?) hidr(o)?elétricas?'],
    nuclear_power_station: ['(central|centrais|usinas?) (nucleares|nuclear)'],
    cultural_property: [
      'museus?', 'sítios? (históricos?|arqueológicos?)', 'patrim(ô|ó)nio (cultural|mundial|histórico)', 'monumentos?',
      'bibliotecas?', 'arquivos? (históricos?|nacionais|nacional)',
    ],
    other: ['mercados?'],
  },
  exclusions: [
    '(levad|transportad|evacuad|internad|hospitalizad|socorrid|encaminhad|morre|morreu|morreram|falec|tratad|atendid)* (a|ao|à|para|no|na|em|num|numa)( (o|a|um|uma))? <w>{0,2}(hospita(l|is)|clínicas?|centros? de saúde|postos? de saúde)',
    '(campo|acampamento|base)s? (militar(es)?|de treino|de treinamento|insurgentes?)',
    'mercados? (negro|de trabalho|financeiros?)',
  ],
};

/** Arabic مخيم is a displacement or refugee camp; a military camp is معسكر, which is not a site word. */
const AR: LanguageVocabulary = {
  language: 'ar',
  terms: {
    health_facility: [
      'مستشفى', 'مشفى', 'مستشفيات', 'مشافي', 'عيادة', 'عيادات', 'مستوصف', 'مستوصفات', 'مركز صحي', 'مراكز صحية',
      'مركز طبي', 'مراكز طبية', 'نقطة طبية', 'نقاط طبية', 'مجمع طبي', 'وحدة صحية',
    ],
    school: ['مدرسة', 'مدارس', 'جامعة', 'جامعات', 'كلية', 'كليات', 'روضة أطفال', 'رياض أطفال', 'حضانة', 'معهد', 'معاهد'],
    place_of_worship: [
      'مسجد', 'مساجد', 'جامع', 'جوامع', 'كنيسة', 'كنائس', 'كاتدرائية', 'معبد', 'معابد', 'كنيس', 'ضريح', 'أضرحة',
      'حسينية', 'مزار', 'مزارات', '(دار|دور) عبادة',
    ],
    displacement_camp: ['مخيم', 'مخيمات', '(مركز|مراكز) إيواء'],
    humanitarian_premises: [
      '(مقر|مقرات|مكتب|مكاتب|مجمع|مستودع|مستودعات|مخزن|مخازن) (أمم متحدة|أونروا|يونيسف|برنامج أغذية عالمي|منظمة|هلال أحمر|صليب أحمر|مساعدات|إغاثة)',
    ],
    water: ['(محطة|محطات) (ضخ |تحلية |معالجة |تنقية )?(مياه|ماء)', '(محطة|محطات) ضخ', 'بئر', 'آبار', '(خزان|خزانات) مياه'],
    power: ['(محطة|محطات) (توليد )?(كهرباء|طاقة)', '(محطة|محطات) (توليد|تحويل)', '(محول|محولات) كهرباء', '(محطة|محطات) حرارية'],
    dam_or_dyke: ['سد', 'سدود'],
    nuclear_power_station: ['(محطة|محطات) (طاقة )?نووية', 'مفاعل( نووي)?'],
    cultural_property: ['متحف', 'متاحف', '(موقع|مواقع) (أثري|أثرية)', 'نصب تذكاري', 'مكتبة', 'مكتبات', 'أرشيف', '(معلم|معالم) (أثري|أثرية)'],
    other: ['سوق', 'أسواق'],
  },
  exclusions: [
    '(نقل|أسعف|إسعاف|أدخل|إدخال|وصل|وصول|حول|تحويل|توفي|فارق|يتلقى|يتلقون)* <w>{0,2}(إلى|في) (مستشفى|مشفى|مستشفيات|مستوصف|عيادة)',
    '(مخيم|مخيمات) (تدريب|تدريبي|عسكري)', 'بئر السبع', 'سد (طريق|طرق|منافذ|ثغرة|فراغ|نقص|حاجة)', 'سوق (سوداء|عمل)',
  ],
};

const RU: LanguageVocabulary = {
  language: 'ru',
  terms: {
    health_facility: [
      'больниц<ru>', 'госпитал<ru>', 'поликлиник<ru>', 'клиник<ru>', 'амбулатори<ru>', 'медпункт<ru>', 'фап',
      'фельдшерско акушерск<ru-adj> пункт<ru>', 'медицинск<ru-adj> (центр|учреждени|пункт)<ru>', 'медучреждени<ru>',
      'роддом<ru>', 'родильн<ru-adj> дом<ru>', 'перинатальн<ru-adj> центр<ru>', 'диспансер<ru>', 'травмпункт<ru>',
    ],
    school: [
      'школ<ru>', 'училищ<ru>', 'колледж<ru>', 'университет<ru>', 'лице<ru>', 'гимнази<ru>', 'детск<ru-adj> сад<ru>',
      'детсад<ru>', 'учебн<ru-adj> (заведени|учреждени)<ru>',
    ],
    place_of_worship: [
      'мечет<ru>', 'церк(овь|ви|овью|вей|вям|вях|вами)', 'храм<ru>', 'собор<ru>', 'монастыр<ru>', 'синагог<ru>',
      'пагод<ru>', 'костёл<ru>', 'часовн<ru>', 'лавр<ru>', 'святилищ<ru>',
    ],
    displacement_camp: [
      'лагер<ru> (для )?(беженц|переселенц|вынужденных переселенц)<ru>', 'лагер<ru> (для )?впл',
      'пункт<ru> временного размещения', 'пвр',
    ],
    humanitarian_premises: [
      '(офис|склад|штаб|представительств)<ru> (оон|мккк|красного креста|юнисеф|вроз|гуманитарн<ru-adj> (помощи|организаци<ru>))',
      'гуманитарн<ru-adj> (склад|штаб|центр|хаб)<ru>', 'пункт<ru> выдачи гуманитарн<ru-adj> помощи',
    ],
    water: [
      '(водо)?насосн<ru-adj> станци<ru>', 'водопроводн<ru-adj> станци<ru>', 'очистн<ru-adj> сооружени<ru>',
      '(водо)?очистн<ru-adj> станци<ru>', 'фильтровальн<ru-adj> станци<ru>', 'водоканал<ru>', 'водохранилищ<ru>',
      'водозабор<ru>', 'колод(ец|ц<ru>)', 'скважин<ru>',
    ],
    power: ['(тепло)?электростанци<ru>', 'тэц', 'тэс', 'грэс', '(электро)?подстанци<ru>', 'энергообъект<ru>'],
    dam_or_dyke: ['плотин<ru>', 'дамб<ru>', 'гэс', 'гидроэлектростанци<ru>'],
    nuclear_power_station: ['з?[аa][эe]с', 'атомн<ru-adj> (электро)?станци<ru>'],
    cultural_property: ['музе<ru>', 'памятник<ru>', 'библиотек<ru>', 'архив<ru>', 'объект<ru> культурного наследия'],
    other: ['рын(ок|ка|ку|ке|ком|ки|ков)', 'базар<ru>'],
  },
  exclusions: [
    '(достав|госпитализ|скончал|умер|поступ|отвез|эвакуир|увез|направ|находит|лечат|лечит|привез)* (в|во) <w>{0,2}(больниц|госпитал|медучреждени|клиник|поликлиник)<ru>',
    '(военн|армейск|тренировочн)<ru-adj> лагер<ru>', 'рын(ок|ка|ке) (труда|сбыта)', 'черн<ru-adj> рын(ок|ке|ка)',
  ],
};

const UK: LanguageVocabulary = {
  language: 'uk',
  terms: {
    health_facility: [
      'лікарн<uk>', 'лікарень', 'шпитал<uk>', 'госпітал<uk>', 'поліклінік<uk>', 'клінік<uk>', 'амбулаторі<uk>', 'медпункт<uk>',
      'фап', 'медичн<uk-adj> (заклад|центр|пункт)<uk>', 'медзаклад<uk>', 'полого(в<uk-adj>|вий) будин(ок|ку|ком|ки)',
      'перинатальн<uk-adj> центр<uk>', 'диспансер<uk>',
    ],
    school: [
      'школ<uk>', 'шкіл', 'ліце<uk>', 'гімнази<uk>', 'коледж<uk>', 'університет<uk>', 'дитяч<uk-adj> сад(ок|ка|ку|ком|ки|ків|очок)',
      'дитсад(ок|ка|ку|ком|ки|ків)', 'садоч(ок|ка|ку)', '(навчальн|освітн)<uk-adj> заклад<uk>', 'заклад<uk> освіти',
    ],
    place_of_worship: [
      'мечет<uk>', 'церк(ва|ви|ві|вою|ов|вам|вах)', 'храм<uk>', 'собор<uk>', 'монастир<uk>', 'синагог<uk>', 'костел<uk>',
      'каплиц<uk>', 'лавр<uk>',
    ],
    displacement_camp: [
      '(табір|табор<uk>) (для )?(біженц|переселенц)<uk>', '(табір|табор<uk>) (для )?(впо|впл)', 'пункт<uk> тимчасового розміщення',
      'прихист<uk> для (переселенц<uk>|біженц<uk>|впо)', 'шелтер<uk>',
    ],
    humanitarian_premises: [
      '(офіс|склад|штаб|представництв)<uk> (оон|мкчх|червоного хреста|юнісеф|воз|гуманітарн<uk-adj> (допомоги|організаці<uk>))',
      'гуманітарн<uk-adj> (склад|штаб|центр|хаб)<uk>', 'пункт<uk> видачі гуманітарн<uk-adj> допомоги',
    ],
    water: [
      '(водо)?насосн<uk-adj> станці<uk>', 'очисн<uk-adj> споруд<uk>', 'фільтрувальн<uk-adj> станці<uk>', 'водоканал<uk>',
      'водосховищ<uk>', 'водогін', 'водогон<uk>', 'криниц<uk>', 'свердловин<uk>',
    ],
    power: ['(тепло)?електростанці<uk>', 'тец', 'тес', '(електро)?підстанці<uk>', "енергооб'єкт<uk>"],
    dam_or_dyke: ['дамб<uk>', 'гребл<uk>', 'гес', 'гідроелектростанці<uk>'],
    nuclear_power_station: ['з?[аa][еe]с', 'атомн<uk-adj> (електро)?станці<uk>'],
    cultural_property: ["музе<uk>", "пам'ят(ка|ки|ці|ку|ок|ник<uk>)", 'бібліотек<uk>', 'архів<uk>', "об'єкт<uk> культурної спадщини"],
    other: ['рин(ок|ку|ка|ком|ки|ків)', 'базар<uk>'],
  },
  exclusions: [
    '(достав|госпіталіз|шпиталіз|помер|поступ|евакую|евакуйов|привез|відвез|перебува|лікуют)* (до|в|у) <w>{0,2}(лікарн<uk>|лікарень|шпитал<uk>|госпітал<uk>|медзаклад<uk>|клінік<uk>)',
    '(військов|армійськ|тренувальн)<uk-adj> (табір|табор<uk>)', 'рин(ок|ку|ка) праці', 'чорн<uk-adj> рин(ок|ку)',
  ],
};

/** Order settles a tie between languages that spell a word alike ("hospital" is English, Spanish and Portuguese). */
export const SITE_VOCABULARIES: readonly LanguageVocabulary[] = [EN, FR, ES, PT, AR, RU, UK];

/** Endings the `<…>` marks stand for (й is written и, as normalisation makes it). */
export const ENDINGS: Readonly<Record<string, string>> = {
  ru: '(а|я|ы|и|е|у|ю|ой|ей|ою|ею|ом|ем|ам|ям|ами|ями|ах|ях|ов|ев|ь|ью)?',
  'ru-adj': '(ий|ый|ой|ая|яя|ое|ее|ого|его|ому|ему|ым|им|ом|ем|ую|юю|ые|ие|ых|их|ыми|ими|ей)',
  uk: '(а|я|и|і|у|ю|ою|ею|єю|ом|ем|ам|ям|ами|ями|ах|ях|ів|ей|ь)?',
  'uk-adj': '(ий|ій|а|я|е|є|ого|ього|ому|ьому|им|ім|ою|ьою|ої|ьої|у|ю|і|их|іх|ими|іми)',
};

/** Words `<w>` may not be: a preposition or an attack between "died in" and "hospital" means the hospital was hit. */
export const NOT_A_FILLER_WORD =
  'of|on|near|by|at|in|to|from|with|after|during|attack|attacks|strike|strikes|shelling|bombing|raid|airstrike|blast|explosion|fire|' +
  'de|du|des|sur|contre|attaque|frappe|bombardement|del|por|contra|ataque|bombardeo|da|do|na|no|em|bombardeio|' +
  'قصف|غارة|هجوم|استهداف|على|обстрел|удар|по|на|обстріл';
