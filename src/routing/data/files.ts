/**
 * The routing data set directory format (docs/data.md): file names and their columns.
 *
 * The first five files are the national reference files, copied unchanged (all original columns
 * are required; only some are read). The rest are our own.
 */

export const MANIFEST_FILE = 'manifest.json';
/** The format version this code reads and writes. */
export const FORMAT_VERSION = 1;

export const FILES = {
  municipalities: 'kommuner_2024.csv',
  counties: 'fylker_2024.csv',
  menuRegions: 'landsdeler_meny.csv',
  postcodes: 'postnummer.csv',
  healthTrustAreas: 'helseforetak_opptaksomrader_2024.csv',
  postcodeTerritories: 'postcode-territories.csv',
  centres: 'centres.csv',
  centreMunicipalities: 'centre-municipalities.csv',
  centreSchedules: 'centre-schedules.csv',
  amkCentres: 'amk-centres.csv',
  amkMunicipalities: 'amk-municipalities.csv',
  numberSeries: 'number-series.csv',
  portedNumbers: 'ported-numbers.csv',
} as const;

export type FileKey = keyof typeof FILES;

export const COLUMNS = {
  municipalities: [
    'kommunenummer',
    'kommunenavn',
    'kommunenavn_entydig',
    'kommunenavn_offisielt',
    'andre_navn',
    'fylkesnummer',
    'fylkesnavn',
    'landsdel_tradisjonell',
    'meny_region',
    'helseregion',
    'hf_opptaksomrade',
    'folketall_2024',
    'areal_km2',
    'administrasjonssenter',
    'malform',
    'sentroide_lat',
    'sentroide_lon',
    'innenfor_lat',
    'innenfor_lon',
  ],
  counties: [
    'fylkesnummer',
    'fylkesnavn',
    'fylkesnavn_offisielt',
    'landsdel_tradisjonell',
    'meny_region',
    'helseregion',
    'antall_kommuner',
    'folketall_2024',
    'storste_kommune_nummer',
    'storste_kommune_navn',
    'storste_kommune_folketall_2024',
  ],
  menuRegions: ['meny_region', 'fylkesnumre', 'fylker', 'antall_kommuner', 'folketall_2024'],
  postcodes: ['postnummer', 'poststed', 'kommunenummer', 'kommunenavn', 'kategori', 'kategori_beskrivelse'],
  healthTrustAreas: ['kode', 'navn', 'type', 'kommunenummer', 'opptaksomrade', 'helseforetak', 'helseregion'],
  postcodeTerritories: ['territory_number', 'territory_name', 'served_by_municipality'],
  centres: [
    'id',
    'name',
    'host_municipality',
    'underlying_number',
    'public_number',
    'internal_number',
    'alternative_site_name',
    'alternative_site_number',
    'amk_id',
    'overflow',
    'fictional',
  ],
  centreMunicipalities: ['municipality_number', 'centre_id'],
  centreSchedules: ['centre_id', 'partner_centre_id', 'days', 'from', 'to'],
  amkCentres: ['id', 'name', 'health_trust', 'internal_number', 'fictional'],
  amkMunicipalities: ['municipality_number', 'amk_id'],
  numberSeries: ['prefix', 'operator', 'kind', 'municipality', 'county'],
  portedNumbers: ['number', 'original_prefix', 'current_operator', 'geo'],
} as const satisfies Record<FileKey, readonly string[]>;

export interface Manifest {
  formatVersion: number;
  name: string;
  description: string;
  /** How the set was made; for the default set the generator script and its PRNG seed. */
  generator?: { script: string; seed: number };
}
