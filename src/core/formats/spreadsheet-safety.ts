/**
 * CSV formula injection (OWASP): a spreadsheet runs a cell that begins with =, +, -, @, tab or carriage return as a
 * formula. Text cells are written with a leading apostrophe instead — spreadsheets show the text as typed — and a
 * cell that already begins with an apostrophe gets one more, so reading strips exactly one and round trips are exact.
 */
const FORMULA_START = /^[=+\-@\t\r']/;
// A negative number (a longitude, say) is data, not a formula, and stays as it is.
const PLAIN_NUMBER = /^-\d+(\.\d+)?([eE][+-]?\d+)?$/;

export const neutraliseFormula = (text: string): string => (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text);

/**
 * Undoes `neutraliseFormula` exactly: the apostrophe goes only where the guard put it, before text that would start a
 * formula. Other data keeps its apostrophes: UCDP headlines such as "'Exchanges of fire' at …" begin with one.
 */
export const restoreFormula = (text: string): string => {
  if (!text.startsWith("'")) return text;
  const rest = text.slice(1);
  return FORMULA_START.test(rest) && !PLAIN_NUMBER.test(rest) ? rest : text;
};

/**
 * Every cell of a row read from a spreadsheet-safe CSV, restored. A row with nothing to restore (nearly every row of a
 * large file) is returned as it is, not copied: an import reads it once per row.
 */
export function restoreFormulaCells<R extends Record<string, string | undefined>>(row: R): R {
  let restored: R | undefined;
  for (const key in row) {
    const value = row[key];
    if (value === undefined) continue;
    const cell = restoreFormula(value);
    if (cell !== value) (restored ??= { ...row })[key] = cell as R[typeof key];
  }
  return restored ?? row;
}
