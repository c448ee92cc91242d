import { describe, expect, it } from 'vitest';
import { minuteText } from '../../web/src/exercises/exercise-labels.js';

describe('exercise time as the console shows it', () => {
  it('writes whole minutes as T+h:mm, rounding down and never below zero', () => {
    expect(minuteText(0)).toBe('T+0:00');
    expect(minuteText(40)).toBe('T+0:40');
    expect(minuteText(59.99)).toBe('T+0:59');
    expect(minuteText(60)).toBe('T+1:00');
    expect(minuteText(245)).toBe('T+4:05');
    expect(minuteText(-3)).toBe('T+0:00');
  });
});
