#!/usr/bin/env python3
"""Selects the UCDP GED events that make up test/fixtures/real/detection-evaluation/ged-site-events.jsonl.

It only SELECTS events; it never labels them. The labels in the fixture were written by a person reading each
event's text (see the fixture's README). Running this prints, as JSON, the ids of:
  - candidates: events whose where_description or source_headline matches SITE_WORDS;
  - random: 150 events that do not match, drawn with random.seed(2024);
  - near-power-site: Ukraine events within 10 km of a GPPD power plant or a nuclear plant;
  - near-health-facility: Sudan/South Sudan events of the 23.1 sample within 3 km of a MoH health facility.

Usage: python3 tools/build-detection-evaluation-set.py /work/shared/data > selection.json
(the argument is a folder holding ucdp/ and sites/ as described in the README).
"""
import csv
import json
import math
import random
import re
import sys

GED_FILES = [
    ('ucdp/ucdp_ged_241_myanmar.csv', '24.1 Myanmar'),
    ('ucdp/ucdp_ged_ukraine_2014_2022.csv', 'Ukraine 2014–2022'),
    ('ucdp/ucdp_ged_231_sample1000.csv', '23.1 sample'),
]
# Deliberately broad: the point is to catch every text that could name a site, decoys included.
SITE_WORDS = re.compile(
    r"\b(hospital\w*|clinic\w*|health(care)?|medical|ambulances?|pharmac(y|ies)|schools?|college\w*|universit\w*|"
    r"campus|kindergarten\w*|madrass?a\w*|church\w*|mosques?|monaster\w*|pagodas?|temples?|cathedral\w*|shrines?|"
    r"chapels?|convents?|worship\w*|camps?|idps?|refugee\w*|shelter\w*|evacu\w*|market\w*|bazaar\w*|"
    r"power ?plants?|power ?stations?|power ?lines?|substation\w*|electricity|water\w*|dams?|dyke\w*|dike\w*|"
    r"reservoir\w*|nuclear|npp|museum\w*|heritage|librar\w*|monument\w*|UN|UNHCR|UNICEF|WFP|MSF|red cross|"
    r"red crescent|humanitarian\w*|offices?|compound\w*|warehouse\w*|NGOs?)\b",
    re.IGNORECASE,
)
RANDOM_SEED = 2024
RANDOM_COUNT = 150
POWER_RADIUS_KM = 10
HEALTH_RADIUS_KM = 3


def site_words(event):
    text = (event['where_description'] or '') + ' \n ' + (event['source_headline'] or '')
    # "UN" only in capitals: lower-case "un" is French/Spanish text, not the United Nations.
    return [m.group(0) for m in SITE_WORDS.finditer(text) if m.group(0).lower() != 'un' or m.group(0) == 'UN']


def distance_km(lat1, lon1, lat2, lon2):
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((phi2 - phi1) / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def read_csv(path):
    with open(path, encoding='utf-8-sig', newline='') as f:
        return list(csv.DictReader(f))


def main(data_dir):
    events = []
    for path, version in GED_FILES:
        for event in read_csv(f'{data_dir}/{path}'):
            event['ged_version'] = version
            events.append(event)
    candidates = [e for e in events if site_words(e)]
    random.seed(RANDOM_SEED)
    sampled = random.sample([e for e in events if not site_words(e)], RANDOM_COUNT)

    ukraine = [e for e in events if e['ged_version'] == 'Ukraine 2014–2022']
    plants = read_csv(f'{data_dir}/sites/ukraine_power_plants_gppd.csv') + read_csv(
        f'{data_dir}/sites/ukraine_nuclear_plants_status_2022.csv')
    near_power = {}
    for plant in plants:
        for e in ukraine:
            d = distance_km(float(plant['latitude']), float(plant['longitude']), float(e['latitude']), float(e['longitude']))
            if d <= POWER_RADIUS_KM:
                near_power.setdefault(e['id'], []).append({'site': plant['name'], 'km': round(d, 2)})

    facilities = [f for f in read_csv(f'{data_dir}/sites/south_sudan_moh_health_facilities.csv') if f['latitude']]
    sudanese = [e for e in events if e['ged_version'] == '23.1 sample' and e['country'] in ('Sudan', 'South Sudan')]
    near_health = {}
    for e in sudanese:
        for f in facilities:
            d = distance_km(float(f['latitude']), float(f['longitude']), float(e['latitude']), float(e['longitude']))
            if d <= HEALTH_RADIUS_KM:
                near_health.setdefault(e['id'], []).append({'site': f['Facility'], 'id': f['#idGeo'], 'km': round(d, 2)})

    json.dump({
        'candidates': [{'ged_version': e['ged_version'], 'id': e['id'], 'words': site_words(e)} for e in candidates],
        'random': [{'ged_version': e['ged_version'], 'id': e['id']} for e in sampled],
        'near_power_site': near_power,
        'near_health_facility': near_health,
    }, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else '/work/shared/data')
