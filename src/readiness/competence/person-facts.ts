import type { PersonFacts } from './types.ts';

/** PersonFacts with every list empty: the starting point when mapping register rows. */
export function emptyPersonFacts(id: string, name: string): PersonFacts {
  return {
    id,
    name,
    authorisations: [],
    specialities: [],
    courses: [],
    onCallShifts: [],
    gpMunicipalService: [],
    supervisedServiceMonths: 0,
    drivingLicences: [],
    education: [],
    clinicalPracticeMonths: 0,
    exemptions: [],
    engagements: [],
  };
}
