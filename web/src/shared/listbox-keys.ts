/**
 * Which option of a listbox a key makes active, as the ARIA combobox pattern has it: the arrows move one option and
 * wrap around, Home and End go to the first and last; `-1` is none (the text box keeps the focus either way). Other
 * keys are not the listbox's: `undefined`.
 */
export function nextActive(active: number, key: string, count: number): number | undefined {
  if (count <= 0) return key === 'ArrowDown' || key === 'ArrowUp' ? -1 : undefined;
  switch (key) {
    case 'ArrowDown':
      return active < 0 || active >= count - 1 ? 0 : active + 1;
    case 'ArrowUp':
      return active <= 0 ? count - 1 : active - 1;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}
