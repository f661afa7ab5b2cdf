import { runPython } from '../helpers/run-python.ts';
/**
 * A CSV's data rows rewritten by Python's csv module (a real writer, not ours), as a clerk's
 * spreadsheet saves a file fixed by hand: `edit` is given every row, the header first.
 */

export function editRows(path: string, edit: (rows: string[][]) => void): void {
  const rows = JSON.parse(
    runPython(
      'import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline="")))))',
      [path],
      { encoding: 'utf8' },
    ),
  ) as string[][];
  edit(rows);
  runPython(
    'import csv,json,sys; csv.writer(open(sys.argv[1], "w", newline="")).writerows(json.load(sys.stdin))',
    [path],
    { input: JSON.stringify(rows) },
  );
}
