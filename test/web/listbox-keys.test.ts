import { describe, expect, it } from 'vitest';
import { nextActive } from '../../web/src/shared/listbox-keys.js';

describe('the option a key makes active in a picker’s list', () => {
  it('moves down and up one option, wrapping at both ends', () => {
    expect(nextActive(-1, 'ArrowDown', 3)).toBe(0);
    expect(nextActive(0, 'ArrowDown', 3)).toBe(1);
    expect(nextActive(2, 'ArrowDown', 3)).toBe(0);
    expect(nextActive(-1, 'ArrowUp', 3)).toBe(2);
    expect(nextActive(1, 'ArrowUp', 3)).toBe(0);
    expect(nextActive(0, 'ArrowUp', 3)).toBe(2);
  });

  it('goes to the first and the last option with Home and End', () => {
    expect(nextActive(1, 'Home', 4)).toBe(0);
    expect(nextActive(1, 'End', 4)).toBe(3);
  });

  it('makes none active in an empty list, and leaves other keys to the text box', () => {
    expect(nextActive(-1, 'ArrowDown', 0)).toBe(-1);
    expect(nextActive(-1, 'Home', 0)).toBeUndefined();
    expect(nextActive(1, 'a', 3)).toBeUndefined();
    expect(nextActive(1, 'Enter', 3)).toBeUndefined();
  });
});
