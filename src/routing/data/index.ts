/**
 * Routing reference data: the data set directory format, loading and validation, stored data
 * versions, and the routing table / phone list exports (docs/data.md).
 */
export type { DataError } from './csv.ts';
export { DEFAULT_DATA_DIR, loadDataSetDir, loadDefaultDataSet, parseDataSetFiles, type LoadResult } from './load.ts';
export { validateDataSet } from './validate.ts';
export { dataSetStats } from './stats.ts';
export { dataSetChecksum } from './checksum.ts';
export { dataSetFiles, writeDataSetDir } from './write.ts';
export {
  activateDataVersion,
  deleteDataVersion,
  getActiveDataVersion,
  importDataSet,
  listDataVersions,
  loadActiveDataSet,
  loadDataVersion,
  type DataVersionInfo,
} from './store.ts';
export {
  PHONE_LIST_COLUMNS,
  ROUTING_TABLE_COLUMNS,
  phoneListRows,
  routingTableRows,
  toCsv,
  type PhoneListRow,
  type RoutingTableRow,
} from './exports.ts';
export { dataActivateCommand, dataImportCommand, dataValidateCommand, formatDataError } from './cli.ts';
export { DEFAULT_TEST_NUMBERS, type DefaultTestNumber } from './default-test-numbers.ts';
