/**
 * Realistic referral rows for the benchmarks, deterministic (seeded), written to a temporary folder:
 * names with accents, addresses, emails, phones, text dates (and real date cells in XLSX), money,
 * notes with commas, quotes and line breaks; a vehicle group that is empty in a third of the rows.
 * About 1 row in 50 has a mistake a clerk would make, so validation finds something to report.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { mulberry32 } from '../sandbox/faults.ts';
import { HEADERS } from './layout.ts';

export type GeneratedCell = string | number | Date | null;

const FIRST = [
  'María',
  'José',
  'Zoë',
  'Chloé',
  'Dana',
  'Luis',
  'Priya',
  'Björn',
  'Anh',
  'Seán',
  'Renée',
  'Tom',
];
const LAST = [
  'García',
  'O’Brien',
  'Nguyễn',
  'Whitfield',
  'Müller',
  'Kowalski',
  'Øvergaard',
  'Smith',
  'Núñez',
  'Raman',
];
const CITIES: [string, string, string][] = [
  ['Denver', 'CO', '80202'],
  ['Manchester', 'NH', '03101'],
  ['Seattle', 'WA', '98164'],
  ['Phoenix', 'AZ', '85004'],
  ['San José', 'CA', '95113'],
];
const CARRIERS = [
  'Acme Mutual Insurance',
  'Granite State Casualty',
  'Pacific Shield Ins. Co.',
  'Société Assurance, Inc.',
];
const REGIONS = ['Mountain West', 'pacific northwest', 'Southwest ', 'MIDWEST', 'Northeast', 'Southeast'];
const SERVICES = [
  'Surveillance',
  'Background Investigation',
  'Social Media Search',
  'Skip Trace',
  'Recorded Statement',
];
const PRIORITIES = ['Rush', 'Std', '', 'Urgent', 'High'];
const MAKES: [string, string][] = [
  ['Toyota', 'Camry'],
  ['Honda', 'Civic'],
  ['Ford', 'F-150'],
  ['Subaru', 'Outback'],
];
const COLORS = ['Black', 'White', 'Silver', 'Gray', 'Red', 'Blue'];
const NOTES = [
  'Claimant reports back injury.\nAvoid weekends.',
  'Per adjuster: "no contact", observe only',
  'Rush — court date set, see file',
  'Check gym, grocery store, and church',
  '',
];

/** The cells of data row `index` (0-based); `typedDates` puts real dates in "Date Received" (XLSX). */
export function* referralRows(count: number, typedDates: boolean, seed = 7): Generator<GeneratedCell[]> {
  const next = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const int = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
  for (let index = 0; index < count; index++) {
    const [city, state, zip] = pick(CITIES);
    const first = pick(FIRST);
    const last = pick(LAST);
    const month = int(1, 12);
    const day = int(1, 28);
    const received: GeneratedCell =
      typedDates && index % 2 === 0 ? new Date(Date.UTC(2026, month - 1, day)) : `${month}/${day}/2026`;
    const hasVehicle = index % 3 !== 0;
    const [make, model] = pick(MAKES);
    const mistake = index % 50 === 49;
    const services = next() < 0.4 ? `${pick(SERVICES)}; ${pick(SERVICES)}` : pick(SERVICES);
    yield [
      `CLM-${String(100000 + index)}`,
      `POL-${int(10000, 99999)}`,
      received,
      `${Math.min(12, month + 1)}/${day}/2026`,
      mistake ? 'Mtn West' : pick(REGIONS),
      services,
      pick(PRIORITIES),
      `${month}/${Math.max(1, day - 3)}/2026`,
      `$${int(5, 60)},${int(100, 999)}.${int(10, 99)}`,
      int(4, 40),
      pick(CARRIERS),
      `${int(1, 9999)} Market St${next() < 0.2 ? '\u00a0' : ''}`,
      city,
      state,
      zip,
      next() < 0.1 ? 'USA' : 'US',
      pick(FIRST),
      pick(LAST),
      mistake ? 'bob@' : `adjuster${index % 997}@carrier.example`,
      `(${int(200, 989)}) 555-${String(int(0, 9999)).padStart(4, '0')}`,
      first,
      last,
      `${int(1, 12)}/${int(1, 28)}/${int(1950, 2004)}`,
      `${int(200, 989)}-555-${String(int(0, 9999)).padStart(4, '0')}`,
      `${first
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()}.${index}@mail.example`,
      pick(['Male', 'Female', 'Unknown']),
      `${int(100, 899)}-${int(10, 99)}-${int(1000, 9999)}`,
      `${int(1, 9999)} ${pick(['Oak', 'Elm', 'Peña', 'Main'])} Ave`,
      city,
      state,
      zip,
      hasVehicle ? `${pick(['ABC', 'XKD', 'ÑPR'])}${int(1000, 9999)}` : null,
      hasVehicle ? state : null,
      hasVehicle ? make : null,
      hasVehicle ? model : null,
      hasVehicle ? int(1995, 2026) : null,
      hasVehicle ? pick(COLORS) : null,
      `${city}, ${state}`,
      pick(NOTES),
      next() < 0.3 ? 'Weekdays only, "after 6pm", no Sundays' : '',
    ];
  }
}

function csvField(cell: GeneratedCell): string {
  if (cell === null) return '';
  const text = cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV as Excel's "CSV UTF-8" saves it: a byte-order mark and CRLF line ends. */
export async function writeCsv(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  let chunk = '\ufeff' + HEADERS.map(csvField).join(',') + '\r\n';
  for (const row of referralRows(count, false)) {
    chunk += row.map(csvField).join(',') + '\r\n';
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

/** XLSX written by exceljs's streaming writer with shared strings, as Excel stores text. */
export async function writeXlsx(path: string, count: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: true,
    useStyles: true,
  });
  const sheet = workbook.addWorksheet('Referrals');
  sheet.addRow([...HEADERS]).commit();
  for (const row of referralRows(count, true)) {
    const added = sheet.addRow(row);
    if (row[2] instanceof Date) added.getCell(3).numFmt = 'm/d/yyyy';
    added.commit();
  }
  sheet.commit();
  await workbook.commit();
}
