import { describe, expect, it } from 'vitest';
import { SOFFICE_MISSING, sofficePath } from './libreoffice.ts';

describe('LibreOffice in tests', () => {
  it('is found on PATH (.ci/run installs it)', () => {
    expect(sofficePath()).toMatch(/soffice$/);
  });

  it('missing, fails with what to install instead of skipping or a bare ENOENT', () => {
    expect(() => sofficePath('/nonexistent-folder')).toThrow(SOFFICE_MISSING);
  });
});
