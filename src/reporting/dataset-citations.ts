/** How the data sets incidents come from are cited in a report: their name and licence, by Haven's origin name. */
export interface DatasetCitation {
  label: string;
  licence?: string;
  /** A short name for running text, e.g. "UCDP GED". */
  short?: string;
  /** False for data sets that never record injuries: their injured count is unknown, not zero. */
  recordsInjuries?: false;
}

const KNOWN: Record<string, DatasetCitation> = {
  'ucdp-ged': { label: 'UCDP Georeferenced Event Dataset (GED), Uppsala Conflict Data Program', licence: 'CC BY 4.0', short: 'UCDP GED', recordsInjuries: false },
  acled: { label: 'Armed Conflict Location & Event Data (ACLED)', licence: 'ACLED terms of use: attribution required, no redistribution', short: 'ACLED', recordsInjuries: false },
  'haven-exercise': { label: 'Haven exercise scenario (fictional data, for training only)' },
  manual: { label: 'Recorded in Haven by the mission' },
};

export function datasetCitation(dataset: string): DatasetCitation {
  return KNOWN[dataset] ?? { label: dataset };
}
