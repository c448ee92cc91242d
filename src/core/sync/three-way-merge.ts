import { canonicalJson } from '../ledger/canonical-json.js';

/**
 * Field-by-field three-way merge, the rule for an update made against an older version (offline on a device, or on
 * another instance): the version it was based on (`base`), the version held now (`current`), the update (`proposed`).
 * A field changed on one side only takes that side's value; a field changed on both sides to the same value is no
 * conflict; a field changed on both sides to different values is a **conflict**: the value held stays, both values
 * are returned, and a person decides — never the last write. Plain objects are merged field by field (a location's
 * place name and its coordinates are different fields); arrays and other values are merged whole. A field absent on
 * a side is a value too (removed), so removal against a change is a conflict as well.
 */

export type Fields = Readonly<Record<string, unknown>>;

export interface FieldConflict {
  /** Dotted path of the field (`location.placeName`). */
  path: string;
  base: unknown;
  current: unknown;
  proposed: unknown;
}

export interface MergeResult<T extends Fields> {
  merged: T;
  /** Fields taken from the update (changed there, not where held). */
  applied: string[];
  /** Fields changed on both sides to different values: held as they are, to be resolved by a person. */
  conflicts: FieldConflict[];
}

const same = (a: unknown, b: unknown): boolean => a === b || (a !== undefined && b !== undefined && canonicalJson(a) === canonicalJson(b));
const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

function mergeInto(base: Fields | undefined, current: Fields | undefined, proposed: Fields | undefined, prefix: string, out: { applied: string[]; conflicts: FieldConflict[] }): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  const keys = new Set([...Object.keys(base ?? {}), ...Object.keys(current ?? {}), ...Object.keys(proposed ?? {})]);
  for (const key of [...keys].sort()) {
    const path = prefix ? `${prefix}.${key}` : key;
    const b = base?.[key];
    const c = current?.[key];
    const p = proposed?.[key];
    if (same(p, b) || same(p, c)) continue; // the update did not change it, or changed it as held: keep what is held
    if (same(c, b)) {
      // Changed by the update only.
      if (p === undefined) delete merged[key];
      else merged[key] = p;
      out.applied.push(path);
      continue;
    }
    if (isPlainObject(b) && isPlainObject(c) && isPlainObject(p)) {
      merged[key] = mergeInto(b, c, p, path, out);
      continue;
    }
    out.conflicts.push({ path, base: b, current: c, proposed: p });
  }
  return merged;
}

export function threeWayMerge<T extends Fields>(base: T, current: T, proposed: T): MergeResult<T> {
  const out = { applied: [] as string[], conflicts: [] as FieldConflict[] };
  const merged = mergeInto(base, current, proposed, '', out) as T;
  return { merged, ...out };
}
