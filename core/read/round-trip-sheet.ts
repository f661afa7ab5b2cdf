/**
 * The name of the hidden sheet a round-trip XLSX export carries (core/export/round-trip-meta.ts writes
 * it): here, below both, so that the reader can tell such a workbook without importing the export.
 */
export const ROUND_TRIP_SHEET = '_trackops_round_trip';
