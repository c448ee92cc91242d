import { describe, expect, it } from 'vitest';
import { bulkReviewMessage, detectionBulkReviewSchema, incidentGroupLabel, planBulkReview, selectionState } from '../../../src/core/detection/detection-review.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const D = '00000000-0000-4000-8000-00000000000d';

describe('planning a bulk review', () => {
  it('reviews the open ones in the order asked, each once, skips the decided and names the missing', () => {
    const plan = planBulkReview([C, A, B, A, D], [
      { id: A, status: 'open' },
      { id: B, status: 'dismissed' },
      { id: C, status: 'open' },
    ]);
    expect(plan).toEqual({ review: [C, A], skipped: [{ id: B, status: 'dismissed' }], missing: [D] });
  });

  it('misses nothing when every id is found', () => {
    expect(planBulkReview([A], [{ id: A, status: 'confirmed' }])).toEqual({ review: [], skipped: [{ id: A, status: 'confirmed' }], missing: [] });
  });
});

describe('the bulk review request', () => {
  it('takes ids or a filter, not both nor neither, and one reason', () => {
    expect(detectionBulkReviewSchema.safeParse({ ids: [A], decision: 'dismiss', reason: 'Closed school' }).success).toBe(true);
    expect(detectionBulkReviewSchema.safeParse({ filter: { siteId: 's1' }, decision: 'confirm', reason: 'Seen' }).success).toBe(true);
    expect(detectionBulkReviewSchema.safeParse({ ids: [A], filter: { siteId: 's1' }, decision: 'confirm', reason: 'Seen' }).success).toBe(false);
    expect(detectionBulkReviewSchema.safeParse({ decision: 'confirm', reason: 'Seen' }).success).toBe(false);
    expect(detectionBulkReviewSchema.safeParse({ ids: [A], decision: 'confirm', reason: '' }).success).toBe(false);
    expect(detectionBulkReviewSchema.safeParse({ ids: [], decision: 'confirm', reason: 'Seen' }).success).toBe(false);
  });
});

describe("an incident group's label", () => {
  it('is the title and the day, or the span of days', () => {
    expect(incidentGroupLabel('Shelling', '2022-03-10', '2022-03-10')).toBe('Shelling (2022-03-10)');
    expect(incidentGroupLabel('Shelling', '2022-03-10', '2022-03-12')).toBe('Shelling (2022-03-10 to 2022-03-12)');
  });
});

describe("a group's selection", () => {
  it('is unknown until read, then none, some or all', () => {
    const selected = new Set([A, B]);
    expect(selectionState(undefined, selected)).toBe('unknown');
    expect(selectionState([C, D], selected)).toBe('none');
    expect(selectionState([A, C], selected)).toBe('some');
    expect(selectionState([A, B], selected)).toBe('all');
  });
});

describe('what a bulk review says it did', () => {
  it('counts the reviewed and the skipped over every part sent', () => {
    expect(bulkReviewMessage('dismiss', [{ reviewed: [A, B], skipped: [] }])).toBe('Dismissed 2 detections.');
    expect(bulkReviewMessage('confirm', [{ reviewed: [A], skipped: [{ id: B, status: 'dismissed' }] }, { reviewed: [], skipped: [] }])).toBe('Confirmed 1 detection. 1 already decided, left as it was.');
    expect(bulkReviewMessage('confirm', [{ reviewed: [], skipped: [{ id: B, status: 'dismissed' }, { id: C, status: 'confirmed' }] }])).toBe('Confirmed 0 detections. 2 already decided, left as they were.');
  });
});
