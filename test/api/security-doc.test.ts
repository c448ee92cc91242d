import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MATRIX_END, MATRIX_START, permissionMatrixMarkdown } from '../../src/api/permission-matrix.js';

describe('docs/security.md', () => {
  it('prints the permission matrix the server enforces (run npm run docs:matrix after changing it)', () => {
    const text = readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');
    const section = text.slice(text.indexOf(MATRIX_START), text.indexOf(MATRIX_END) + MATRIX_END.length);
    expect(section).toBe(permissionMatrixMarkdown());
  });
});
