/**
 * core's schemas that the app's bridge carries (STYLE.md: the bridge declared once, in core's own
 * types): the mapping file, the list endpoint's filters and the export's column presets. Only zod and
 * pure TypeScript stand behind this file, no Node and no exceljs, so the renderer's type check and the
 * preload's bundle may include it; core/index.ts (which reaches Node) re-exports the same names.
 */
export { mappingSchema, PARSE_KINDS } from './mapping/schema.ts';
export type {
  ConstantValue,
  Mapping,
  MappingColumn,
  ParseKind,
  SkipOptions,
  SubjectGroup,
} from './mapping/schema.ts';
export { listFiltersSchema, FILTER_NAMES } from './api/list-filters.ts';
export type { FilterName, ListFilters } from './api/list-filters.ts';
export type { LookupKind } from './account/reference.ts';
export { COLUMN_PRESETS } from './export/types.ts';
export type { ColumnPreset } from './export/types.ts';
export { DATE_RANGE_PRESETS } from './export/relative-dates.ts';
export type { DateRangePreset } from './export/relative-dates.ts';
