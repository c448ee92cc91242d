import { describe, expect, it } from 'vitest';
import { periodOfPosture, postureFromParams, postureToParams } from '../../web/src/posture/posture-filter.js';

describe("the Posture area's part of the link", () => {
  it('reads countries, a former state, the measure and the period, and writes them back the same', () => {
    const params = new URLSearchParams('view=posture&entities=NGA,TCD,USSR&measure=shareOfGdp&from=1985&to=2025');
    const view = postureFromParams(params);
    expect(view).toEqual({ entities: ['NGA', 'TCD', 'USSR'], measure: 'shareOfGdp', from: 1985, to: 2025 });
    expect(postureToParams(view).toString()).toBe('entities=NGA%2CTCD%2CUSSR&measure=shareOfGdp&from=1985&to=2025');
  });

  it('drops what does not parse in an edited link: an unknown measure, a year that is not one, a period that ends before it starts', () => {
    expect(postureFromParams(new URLSearchParams('entities=,NGA,,NGA&measure=tanks&from=85&to=2025'))).toEqual({ entities: ['NGA'], to: 2025 });
    expect(postureFromParams(new URLSearchParams('from=2020&to=2010'))).toEqual({ from: 2020 });
  });

  it('shows the latest 30 years held when the link gives no period, or all of them when fewer are held', () => {
    expect(periodOfPosture({}, { firstYear: 1949, lastYear: 2025 })).toEqual({ from: 1996, to: 2025 });
    expect(periodOfPosture({}, { firstYear: 2019, lastYear: 2025 })).toEqual({ from: 2019, to: 2025 });
    expect(periodOfPosture({ from: 1985 }, { firstYear: 1949, lastYear: 2025 })).toEqual({ from: 1985, to: 2025 });
    expect(periodOfPosture({ to: 1991 }, { firstYear: 1949, lastYear: 2025 })).toEqual({ from: 1962, to: 1991 });
  });
});
