/** What a plan's document must be (LV-7): the allow-list, the first bytes, the file name, tel: links. */
import { describe, expect, it } from 'vitest';
import {
  cleanFilename,
  isAllowedMediaType,
  mediaTypeOf,
  signatureMatches,
  telUri,
} from './document-check.ts';

const bytes = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));

describe('plan documents (LV-7)', () => {
  it('takes the allow-listed media types only, without parameters and in any case', () => {
    expect(mediaTypeOf('Application/PDF')).toBe('application/pdf');
    expect(mediaTypeOf('text/plain; charset=utf-8')).toBe('text/plain');
    expect(mediaTypeOf(undefined)).toBe('');
    for (const t of ['application/pdf', 'image/png', 'image/jpeg', 'text/plain'])
      expect(isAllowedMediaType(t)).toBe(true);
    expect(isAllowedMediaType('application/vnd.oasis.opendocument.text')).toBe(true);
    for (const t of ['application/zip', 'text/html', 'image/svg+xml', 'application/x-msdownload', ''])
      expect(isAllowedMediaType(t)).toBe(false);
  });

  it('checks the first bytes against the declared type', () => {
    expect(signatureMatches('application/pdf', bytes('%PDF-1.7\n'))).toBe(true);
    expect(signatureMatches('application/pdf', bytes('<html>xx'))).toBe(false);
    expect(signatureMatches('application/pdf', bytes('%PD'))).toBe(false);
    const zip = bytes('PK\x03\x04rest');
    expect(signatureMatches('application/vnd.oasis.opendocument.text', zip)).toBe(true);
    expect(
      signatureMatches('application/vnd.openxmlformats-officedocument.wordprocessingml.document', zip),
    ).toBe(true);
    expect(signatureMatches('image/png', bytes('\x89PNG\r\n\x1a\n'))).toBe(true);
    expect(signatureMatches('image/png', bytes('%PDF-1.7\n'))).toBe(false);
    expect(signatureMatches('image/jpeg', bytes('\xff\xd8\xff\xe0'))).toBe(true);
    expect(signatureMatches('text/plain', bytes('hei'))).toBe(true);
  });

  it('keeps the last part of a file name without control characters', () => {
    expect(cleanFilename('C:\\Users\\kari\\Beredskapsplan Bømlo.pdf')).toBe('Beredskapsplan Bømlo.pdf');
    expect(cleanFilename('../../etc/passwd')).toBe('passwd');
    expect(cleanFilename('plan\u0000\u001b.pdf')).toBe('plan.pdf');
    expect(cleanFilename('  ')).toBeNull();
    expect(cleanFilename('dir/')).toBeNull();
    const long = `${'a'.repeat(300)}.pdf`;
    expect(cleanFilename(long)).toHaveLength(200);
    expect(cleanFilename(long)!.endsWith('.pdf')).toBe(true);
  });

  it('makes tel: links of phone numbers as written', () => {
    expect(telUri('+47 55 55 55 55')).toBe('tel:+4755555555');
    expect(telUri('915 00 000')).toBe('tel:91500000');
  });
});
