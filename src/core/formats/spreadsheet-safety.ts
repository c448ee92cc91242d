/**
 * CSV formula injection (OWASP): a spreadsheet runs a cell that begins with =, +, -, @, tab or carriage return as a
 * formula. Text cells are written with a leading apostrophe instead — spreadsheets show the text as typed — and a
 * cell that already begins with an apostrophe gets one more, so reading strips exactly one and round trips are exact.
 */
const FORMULA_START = /^[=+\-@\t\r']/;
// A negative number (a longitude, say) is data, not a formula, and stays as it is.
const PLAIN_NUMBER = /^-\d+(\.\d+)?([eE][+-]?\d+)?$/;

export const neutraliseFormula = (text: string): string => (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text);

export const restoreFormula = (text: string): string => (text.startsWith("'") ? text.slice(1) : text);
