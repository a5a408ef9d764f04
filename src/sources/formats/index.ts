// The format parsers, for the file importer (../files.ts) and the HTTP adapters.
export { parseDateCell, parseValueCell, epochMsToIso } from './cells.ts';
export { readCsv, assertNotHtmlOrEmpty, type CsvTable } from './csv.ts';
export { parseCsvFile, parseCsvPoints, parseFredGraphCsv, parseCboeCsv, parseYahooCsv, type CsvFormat } from './datedCsv.ts';
export { isCompanyYearsCsv, parseCompanyYearsCsv } from './companyYears.ts';
export { parseJsonText, parseJsonFile, parseFredJsonBundle, parseFredObservationsJson, parseOhlcJson, isFredJsonBundle, isOhlcJson } from './json.ts';
export { readParquetTable } from './parquet.ts';
export { DatedTable, findColumn, assertUniqueDates, type ParsedFile } from './table.ts';
