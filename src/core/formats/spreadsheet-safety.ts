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
  const rest = text.slice(1);
  return text.startsWith("'") && FORMULA_START.test(rest) && !PLAIN_NUMBER.test(rest) ? rest : text;
};

/** Every cell of a row read from a spreadsheet-safe CSV, restored. */
export const restoreFormulaCells = <R extends Record<string, string | undefined>>(row: R): R =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === undefined ? v : restoreFormula(v)])) as R;
