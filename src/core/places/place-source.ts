import { z } from 'zod';

/** Lower-case name of a data set: re-imports find their records by (dataset, externalId). */
export const datasetNameSchema = z
  .string({ error: 'must be a data set name' })
  .trim()
  .min(1, 'must name the data set')
  .max(100, 'must be at most 100 characters')
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be a lower-case data set name (letters, digits, . _ -)');

/** Where a register entry comes from; `externalId` is the source's own id, which makes imports idempotent. */
export const placeSourceSchema = z.object({
  dataset: datasetNameSchema,
  externalId: z.string().trim().min(1, 'must not be empty when given').max(200).optional(),
  description: z.string().trim().max(2000).optional(),
  url: z.url({ error: 'must be a URL' }).max(2000).optional(),
});
export type PlaceSource = z.output<typeof placeSourceSchema>;

export const optionalNotes = z.string().trim().max(20_000).optional();

export const isoDay = z.iso.date({ error: 'must be a date as YYYY-MM-DD' });

/** The version an edit is based on: an edit of a stale version is refused. */
export const expectedVersionSchema = z.number({ error: 'must be the version you edited' }).int().min(1);
/** DELETE of a site or a zone: `?version=` the version being deleted (409 when stale). */
export const deleteVersionQuerySchema = z.object({ version: z.coerce.number({ error: 'must be the version you are deleting' }).int().min(1).optional() });

/** Drops properties whose value is undefined, so stored and re-read values compare equal. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
