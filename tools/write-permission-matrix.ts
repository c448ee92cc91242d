import { readFileSync, writeFileSync } from 'node:fs';
import { MATRIX_END, MATRIX_START, permissionMatrixMarkdown } from '../src/api/permission-matrix.js';

/** Rewrites the generated permission matrix in docs/security.md from the code. */
const file = new URL('../docs/security.md', import.meta.url);
const text = readFileSync(file, 'utf8');
const start = text.indexOf(MATRIX_START);
const end = text.indexOf(MATRIX_END);
if (start < 0 || end < 0) throw new Error('docs/security.md has no permission-matrix markers');
writeFileSync(file, text.slice(0, start) + permissionMatrixMarkdown() + text.slice(end + MATRIX_END.length));
console.log('docs/security.md: permission matrix rewritten');
