import type { NatoCategory, ProgrammeClass, PurposeClass } from '../core/spending/rebalancing.js';

/** How purpose classes read in charts, tables and reports. */
export const PURPOSE_CLASS_LABELS: Record<PurposeClass, string> = {
  defensive: 'Defensive',
  protective: 'Protective / policing',
  peace_operations: 'Peace operations',
  offensive: 'Offensive',
  dual_use: 'Dual-use',
  nuclear: 'Nuclear',
  conversion: 'Conversion',
};

/** One colour per programme class, the same in every chart (Okabe–Ito): protection in blues and green, offence in red and black. */
export const PROGRAMME_CLASS_COLORS: Record<ProgrammeClass, string> = {
  defensive: '#0072B2',
  protective: '#009E73',
  peace_operations: '#56B4E9',
  dual_use: '#E69F00',
  offensive: '#D55E00',
  nuclear: '#000000',
};

/** NATO's reporting categories, as NATO names them. */
export const NATO_CATEGORY_LABELS: Record<NatoCategory, string> = {
  personnel: 'Personnel',
  equipment: 'Equipment (incl. R&D)',
  infrastructure: 'Infrastructure',
  operations_maintenance: 'Operations and maintenance',
};
