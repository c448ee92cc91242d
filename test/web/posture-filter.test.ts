import { describe, expect, it } from 'vitest';
import { periodOfPosture, postureFromParams, postureToParams, sectionOf, spendingPartOf } from '../../web/src/posture/posture-filter.js';

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

  it('opens the capability register by its section, or by a system named in the link, and keeps the countries for the way back', () => {
    const register = postureFromParams(new URLSearchParams('view=posture&section=capabilities'));
    expect(register).toEqual({ section: 'capabilities' });
    expect(sectionOf(register)).toBe('capabilities');
    // A system named opens the register even without the section.
    const system = postureFromParams(new URLSearchParams('view=posture&entities=NGA&capability=5d0c6f7e-1111-4222-8333-944455556666'));
    expect(system).toEqual({ entities: ['NGA'], section: 'capabilities', capability: '5d0c6f7e-1111-4222-8333-944455556666' });
    expect(postureToParams(system).toString()).toBe('entities=NGA&section=capabilities&capability=5d0c6f7e-1111-4222-8333-944455556666');
    expect(postureFromParams(postureToParams(system))).toEqual(system);
    expect(spendingPartOf(system)).toEqual({ entities: ['NGA'], measure: undefined, from: undefined, to: undefined });
    expect(postureFromParams(new URLSearchParams('capability=new')).capability).toBe('new');
  });

  it('shows military expenditure when the link names no section, or one it does not know, and drops an id too long to be one', () => {
    expect(sectionOf(postureFromParams(new URLSearchParams('view=posture&entities=NGA')))).toBe('spending');
    expect(postureFromParams(new URLSearchParams('section=tanks'))).toEqual({});
    expect(postureFromParams(new URLSearchParams(`capability=${'x'.repeat(101)}`))).toEqual({});
    expect(postureFromParams(new URLSearchParams('capability=%20%20'))).toEqual({});
  });
});
