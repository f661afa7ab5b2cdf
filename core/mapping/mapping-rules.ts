/**
 * The rules of a mapping file that a JSON shape cannot say: targets that fit the mode (the seed's create
 * and update tables differ), subject indexes that have a group, one column per target, options that fit
 * their target. Run on the raw JSON so they are reported alongside shape problems, not after them.
 */
import { compileDateFormat, parseIsoDate } from './date-format.ts';
import { jsonPath, type MappingProblem } from './mapping-error.ts';
import { numberFormatOf } from './number-format.ts';
import { isNamePart, parseTarget, type Target } from './targets.ts';
import { caselessKey } from './text-key.ts';

type Raw = Record<string, unknown>;
const isObject = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Client/contact parts the API requires (seed): clearing them would make every update fail. */
const UNCLEARABLE_PARTS = new Set([
  'client.name',
  'client.country',
  'contact.last_name',
  'contact.full_name',
  'contact.email',
]);
const CONTACT_NAME_PARTS = ['contact.first_name', 'contact.middle_name', 'contact.last_name'];

export function mappingRuleProblems(raw: unknown): MappingProblem[] {
  if (!isObject(raw)) return [];
  const problems: MappingProblem[] = [];
  const add = (path: string, message: string): void => void problems.push({ path, message });
  const mode = raw.mode === 'update' || raw.mode === 'upsert' ? raw.mode : 'create';
  const groups = Array.isArray(raw.subjects) ? raw.subjects.length : 0;

  const checkPlacement = (path: string, target: Target): void => {
    if (target.kind === 'param') {
      if (mode === 'update' && !target.spec.update)
        add(path, `${target.path} cannot be changed by an update (it is not in the seed's update table)`);
      if (mode !== 'update' && !target.spec.create)
        add(path, `${target.path} is only for mode "update" (it is not in the seed's create table)`);
    }
    if (target.kind === 'matchKey' && mode === 'create')
      add(path, `${target.path} is a match key: use it with mode "update" or "upsert"`);
    if (target.kind === 'custom' && target.subject !== null) {
      if (mode === 'update')
        add(path, "subjects cannot be added by an update (not in the seed's update table)");
      else if (target.subject >= groups)
        add(
          path,
          `subject index ${target.subject} has no group in "subjects" (${groups === 0 ? 'none declared' : `declared: 0-${groups - 1}`}): ` +
            `add one to "subjects" for it ({ "subject_type_id": … }), or give the column a declared group's index`,
        );
    }
  };

  const columns = Array.isArray(raw.columns) ? raw.columns : [];
  const firstByTarget = new Map<string, number>();
  const customShape = new Map<string, { whole: boolean; name: boolean; address: boolean }>();
  columns.forEach((column, index) => {
    if (!isObject(column) || typeof column.target !== 'string') return;
    const target = parseTarget(column.target);
    if (!target) return;
    const at = `columns[${index}]`;
    checkPlacement(`${at}.target`, target);

    const earlier = firstByTarget.get(target.path);
    if (earlier !== undefined) {
      const header = isObject(columns[earlier]) ? String((columns[earlier] as Raw).column) : '';
      add(
        `${at}.target`,
        `${target.path} is already mapped by columns[${earlier}] ('${header}'); map each target once`,
      );
    } else firstByTarget.set(target.path, index);

    if (target.kind === 'custom') checkCompositeShape(customShape, target, `${at}.target`, add);
    checkOptions(column, target, at, mode, add);
  });

  if (isObject(raw.constants)) {
    for (const [key, value] of Object.entries(raw.constants)) {
      const target = parseTarget(key);
      if (!target) continue;
      const at = jsonPath(['constants', key]);
      checkPlacement(at, target);
      if (target.kind === 'custom') checkCompositeShape(customShape, target, at, add);
      if (target.kind === 'matchKey')
        add(at, `${key} is a match key and differs per row; map it from a column`);
      const isList = target.kind === 'param' && target.spec.type === 'refList';
      if (Array.isArray(value) && !isList) add(at, `${key} takes one value, not a list`);
      if (
        target.kind === 'param' &&
        target.spec.type === 'date' &&
        typeof value === 'string' &&
        !parseIsoDate(value).ok
      )
        add(at, `${key} constant ${JSON.stringify(value)} must be a real date written YYYY-MM-DD`);
    }
  }

  if (Array.isArray(raw.subjects)) {
    // Seed: the primary subject is *the* target of the case; two would leave Trackops to pick one.
    const primaries = raw.subjects.flatMap((group, index) =>
      isObject(group) && group.is_primary === true ? [index] : [],
    );
    for (const index of primaries.slice(1))
      add(
        `subjects[${index}].is_primary`,
        `only one subject group can be primary; subjects[${primaries[0]}] already is`,
      );
  }

  // contact.full_name fills the three name parts: mapping a part too would give it twice.
  const fullNameAt = fullNamePath(columns, raw.constants);
  if (fullNameAt) {
    const parts = [
      ...columns.flatMap((column, index) =>
        isObject(column) && CONTACT_NAME_PARTS.includes(String(column.target))
          ? [`columns[${index}].target`]
          : [],
      ),
      ...(isObject(raw.constants)
        ? Object.keys(raw.constants)
            .filter((key) => CONTACT_NAME_PARTS.includes(key))
            .map((key) => jsonPath(['constants', key]))
        : []),
    ];
    for (const at of parts)
      add(
        at,
        `the contact's name is already mapped whole by ${fullNameAt} (contact.full_name); map it whole or by parts, not both`,
      );
  }

  if (mode !== 'create' && raw.match === undefined)
    add('match', `mode "${mode}" needs "match": id, case_request_number or reference_value_1|2|3`);
  if (typeof raw.match === 'string' && !firstByTarget.has(raw.match))
    add('match', `match ${JSON.stringify(raw.match)} needs a column whose target is ${raw.match}`);
  return problems;
}

function fullNamePath(columns: unknown[], constants: unknown): string | null {
  const index = columns.findIndex((column) => isObject(column) && column.target === 'contact.full_name');
  if (index >= 0) return `columns[${index}]`;
  return isObject(constants) && 'contact.full_name' in constants ? 'constants["contact.full_name"]' : null;
}

function checkCompositeShape(
  seen: Map<string, { whole: boolean; name: boolean; address: boolean }>,
  target: Extract<Target, { kind: 'custom' }>,
  at: string,
  add: (path: string, message: string) => void,
): void {
  const key = `${target.subject ?? ''}:${target.fieldId}`;
  const shape = seen.get(key) ?? { whole: false, name: false, address: false };
  seen.set(key, shape);
  const isName = target.part !== null && isNamePart(target.part);
  const field = target.path.replace(/\.[a-z_0-9]+$/, '');
  if (target.part === null) {
    if (shape.name || shape.address)
      add(at, `${target.path} is also mapped by parts; map it whole or by parts, not both`);
    shape.whole = true;
  } else {
    if (shape.whole) add(at, `${field} is also mapped whole; map it whole or by parts, not both`);
    if ((isName && shape.address) || (!isName && shape.name))
      add(at, `${field} mixes name parts and address parts; a field is a NAME or an ADDRESS`);
    if (isName) shape.name = true;
    else shape.address = true;
  }
}

function checkOptions(
  column: Raw,
  target: Target,
  at: string,
  mode: string,
  add: (path: string, message: string) => void,
): void {
  const param = target.kind === 'param' ? target.spec : null;
  const wholeCustom = target.kind === 'custom' && target.part === null;
  if (typeof column.dateFormat === 'string') {
    if (!(param?.type === 'date' || wholeCustom))
      add(`${at}.dateFormat`, `${target.path} is not a date: take "dateFormat" out of this column`);
    const compiled = compileDateFormat(column.dateFormat);
    if (typeof compiled === 'string') add(`${at}.dateFormat`, compiled);
  }
  if (column.split !== undefined && param?.type !== 'refList')
    add(`${at}.split`, `${target.path} takes one value; split is for case_services_list and case_flags_list`);
  if (typeof column.lookup === 'string') {
    if (!param?.lookup) add(`${at}.lookup`, `${target.path} takes no lookup; lookups resolve names of ids`);
    else if (param.lookup !== column.lookup)
      add(`${at}.lookup`, `${target.path} takes lookup "${param.lookup}", not "${column.lookup}"`);
  }
  if (typeof column.parse === 'string') {
    const textual =
      target.kind === 'client' ||
      target.kind === 'contact' ||
      target.kind === 'custom' ||
      param?.type === 'text' ||
      param?.type === 'longText';
    const fits: Record<string, boolean> = {
      full_name: wholeCustom || target.path === 'contact.full_name',
      address: wholeCustom,
      phone: textual && target.path !== 'contact.full_name',
      number: param?.type === 'decimal' || wholeCustom,
      boolean: wholeCustom,
    };
    if (fits[column.parse] === false)
      add(
        `${at}.parse`,
        column.parse === 'full_name' || column.parse === 'address'
          ? `parse "${column.parse}" fills a whole NAME/ADDRESS custom field (custom_fields.<id>)${column.parse === 'full_name' ? ' or contact.full_name' : ''}, not ${target.path}`
          : `parse "${column.parse}" does not fit ${target.path}`,
      );
  }
  if (column.decimal !== undefined || column.grouping !== undefined || column.locale !== undefined) {
    const key =
      column.locale !== undefined ? 'locale' : column.decimal !== undefined ? 'decimal' : 'grouping';
    if (!(param?.type === 'decimal' || wholeCustom))
      add(`${at}.${key}`, `${target.path} is not a number; "${key}" is for number and money columns`);
    const format = numberFormatOf({
      decimal: column.decimal === '.' || column.decimal === ',' ? column.decimal : undefined,
      grouping: typeof column.grouping === 'string' ? column.grouping : undefined,
      locale: typeof column.locale === 'string' ? column.locale : undefined,
    });
    if (typeof format === 'string') add(`${at}.${key}`, format);
  }
  if (isObject(column.values)) {
    // Cells meet the map with case and surrounding spaces ignored (compile-mapping.ts, valueMap):
    // two keys equal that way would both match a cell, and one would silently lose.
    const keyOf = new Map<string, string>();
    for (const key of Object.keys(column.values)) {
      const earlier = keyOf.get(caselessKey(key));
      if (earlier === undefined) keyOf.set(caselessKey(key), key);
      else
        add(
          `${at}.values`,
          `the keys ${JSON.stringify(earlier)} and ${JSON.stringify(key)} match the same cells (letter case, surrounding spaces and how a space or accent is stored are ignored); keep one of them`,
        );
    }
  }
  if (column.blank === 'clear') {
    if (mode === 'create')
      add(`${at}.blank`, '"clear" is for mode "update" or "upsert"; a new request has nothing to clear');
    const clearable =
      param?.type === 'text' ||
      param?.type === 'longText' ||
      param?.type === 'refList' ||
      target.kind === 'custom' ||
      ((target.kind === 'client' || target.kind === 'contact') && !UNCLEARABLE_PARTS.has(target.path));
    if (!clearable) add(`${at}.blank`, `${target.path} cannot be cleared through the API`);
  }
}
