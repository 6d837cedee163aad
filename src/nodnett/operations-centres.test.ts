import { describe, expect, it } from 'vitest';
import {
  DirectoryError,
  loadOperationsCentres,
  parseOperationsCentres,
  SIMULATED_OPERATIONS_CENTRES,
} from './operations-centres.ts';

const HEADER = 'agency,name,issi,areas\n';

describe('the operations-centre directory (AMK-3)', () => {
  it('the simulator’s file covers every county for police, fire and rescue coordination', () => {
    const d = loadOperationsCentres(SIMULATED_OPERATIONS_CENTRES);
    const counties = [
      '03',
      '11',
      '15',
      '18',
      '31',
      '32',
      '33',
      '34',
      '39',
      '40',
      '42',
      '46',
      '50',
      '55',
      '56',
    ];
    for (const agency of ['police', 'fire', 'rescue-coordination'] as const)
      for (const c of counties) expect(d.resolve(agency, `${c}01`, c), `${agency} ${c}`).not.toBeNull();
    expect(new Set(d.centres.map((c) => c.issi)).size).toBe(d.centres.length);
  });

  it('a municipality listed by number wins over its county: Bærum is Oslo police district, Lillestrøm is Øst', () => {
    const d = loadOperationsCentres(SIMULATED_OPERATIONS_CENTRES);
    expect(d.resolve('police', '3201')?.name).toBe('Oslo politidistrikt operasjonssentral');
    expect(d.resolve('police', '3205')?.name).toBe('Øst politidistrikt operasjonssentral');
    expect(d.resolve('rescue-coordination', '5501')?.name).toBe('Hovedredningssentralen Nord-Norge');
    expect(d.resolve('rescue-coordination', '4601')?.name).toBe('Hovedredningssentralen Sør-Norge');
  });

  it('names no centre where the file has none', () => {
    const d = parseOperationsCentres(`${HEADER}police,Vest,7900107,46\n`, 'dir.csv');
    expect(d.resolve('fire', '4601')).toBeNull();
    expect(d.resolve('police', '5001')).toBeNull();
  });

  it('a bad file is refused with its file and line', () => {
    const bad = (body: string) => {
      try {
        parseOperationsCentres(body, 'dir.csv');
      } catch (e) {
        expect(e).toBeInstanceOf(DirectoryError);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(bad('agency,name,issi\n')).toBe('dir.csv:1: the header must be agency,name,issi,areas');
    expect(bad(`${HEADER}police,Vest,7900107,46\ncoast-guard,X,1,46\n`)).toMatch(
      /^dir\.csv:3: agency must be one of/,
    );
    expect(bad(`${HEADER}police,Vest,99999999,46\n`)).toMatch(
      /^dir\.csv:2: issi "99999999" is not a 24-bit number/,
    );
    expect(bad(`${HEADER}police,Vest,7900107,4\n`)).toMatch(/^dir\.csv:2: area "4" is neither/);
    expect(bad(`${HEADER}police,Vest,7900107,46\npolice,Sør-Vest,7900106,11 46\n`)).toBe(
      'dir.csv:3: area 46 of police is already covered on line 2',
    );
    expect(bad(`${HEADER}police,,7900107,46\n`)).toBe('dir.csv:2: name is empty');
    expect(() => loadOperationsCentres('/no/such/file.csv')).toThrow(
      /^\/no\/such\/file\.csv:0: cannot be read \(ENOENT\)/,
    );
  });
});
