import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useEffect,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
  type Ref,
} from 'react';
import type { GridRow } from '../../../main/bridge/contract.ts';
import { call, messageOf } from '../bridge.ts';
import { cellProblems, statusText, statusTitle } from './row-status.ts';

const ROW_HEIGHT = 32;
const PAGE = 200;
const NUM_WIDTH = 64;
// Wide enough for the longest status ("See above", "Update #104522": a real account's ids run to six
// digits) in bold without cutting it; 116 cut "Update #1046" to "Update #1…" (explored).
const STATUS_WIDTH = 150;
const CELL_WIDTH = 170;
/** The pinned Row and Status columns: a cell scrolled into view must clear them, not sit under them. */
const PINNED_WIDTH = NUM_WIDTH + STATUS_WIDTH;

/** What the dry-run step asks of the grid beyond the selection. */
export interface RowGridHandle {
  /**
   * The first row after `row` (grid order, wrapping to the top) that has a problem of its own to fix,
   * scrolled into view; null when no other row has one. Pages not loaded yet are read for it.
   */
  nextToFix(row: number): Promise<GridRow | null>;
  /** Focus on the grid, the selected row (its active descendant) read out. */
  focus(): void;
}

/** The id of a row's element: the grid names the selected one as its active descendant. */
const rowId = (row: number) => `dry-run-row-${row}`;

/**
 * Every row of the dry run, virtualized: only the rows in view are in the DOM, fetched from main a page
 * at a time, so 100,000 rows scroll as smoothly as 100. Cells in error are highlighted, their message
 * in the tooltip and in the fix panel below; cells an update would change are highlighted in blue, old
 * and new in the tooltip and in the panel below when the row is selected. Arrow keys move the selection.
 */
export function RowGrid({
  runId,
  headers,
  onlyErrors,
  version,
  selected,
  onSelect,
  patched,
  emptyWords,
  ref,
}: {
  ref?: Ref<RowGridHandle>;
  runId: string;
  headers: string[];
  onlyErrors: boolean;
  /** Bumped when the run's rows change (run finished): the cache is dropped. */
  version: number;
  selected: GridRow | null;
  onSelect: (row: GridRow | null) => void;
  /** Rows fixed inline since the last reload, shown in place. */
  patched: Map<number, GridRow>;
  /** What an empty grid says (not "yet" once the dry run has finished). */
  emptyWords: string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const cache = useRef(new Map<number, GridRow>());
  const loading = useRef(new Set<number>());
  const [total, setTotal] = useState(0);
  const [, setTick] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const loadPage = useCallback(
    async (page: number) => {
      if (loading.current.has(page)) return;
      loading.current.add(page);
      try {
        const answer = await call('dryRunPage', { runId, offset: page * PAGE, limit: PAGE, onlyErrors });
        answer.rows.forEach((row, index) => cache.current.set(answer.offset + index, row));
        setTotal(answer.total);
        setTick((tick) => tick + 1);
      } catch (caught) {
        setError(messageOf(caught));
      } finally {
        loading.current.delete(page);
      }
    },
    [runId, onlyErrors],
  );

  useEffect(() => {
    cache.current = new Map();
    loading.current = new Set();
    setTotal(0);
    scroller.current?.scrollTo({ top: 0 });
    void loadPage(0);
  }, [loadPage, version]);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();

  useEffect(() => {
    const pages = new Set(
      items.filter((item) => !cache.current.has(item.index)).map((item) => Math.floor(item.index / PAGE)),
    );
    for (const page of pages) void loadPage(page);
  }, [items, loadPage]);

  const rowAt = (index: number) => {
    const row = cache.current.get(index);
    return row ? (patched.get(row.row) ?? row) : undefined;
  };

  const onKey = (event: React.KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    let index = -1;
    for (const [position, row] of cache.current) if (row.row === selected?.row) index = position;
    const next = Math.max(0, Math.min(total - 1, index + (event.key === 'ArrowDown' ? 1 : -1)));
    const row = rowAt(next);
    if (row) {
      onSelect(row);
      virtualizer.scrollToIndex(next);
    }
  };

  /** Rows of one page in the cache, read from main when any is missing. */
  const ensurePage = async (page: number) => {
    const from = page * PAGE;
    const to = Math.min(total, from + PAGE);
    let missing = false;
    for (let index = from; index < to && !missing; index++) missing = !cache.current.has(index);
    if (!missing) return;
    const answer = await call('dryRunPage', { runId, offset: from, limit: PAGE, onlyErrors });
    answer.rows.forEach((row, index) => cache.current.set(answer.offset + index, row));
  };

  useImperativeHandle(
    ref,
    () => ({
      async nextToFix(rowNumber: number) {
        let start = 0;
        for (const [position, row] of cache.current) if (row.row === rowNumber) start = position + 1;
        // From the row after, to the end, then from the top back to it: a clerk fixing from the
        // middle of the sheet is taken to the rows above once those below are done.
        for (let step = 0; step < total; step++) {
          const index = (start + step) % total;
          if (!cache.current.has(index)) await ensurePage(Math.floor(index / PAGE));
          const row = rowAt(index);
          if (row && row.row !== rowNumber && row.status === 'invalid' && cellProblems(row).length > 0) {
            virtualizer.scrollToIndex(index, { align: 'auto' });
            setTick((tick) => tick + 1);
            return row;
          }
        }
        return null;
      },
      focus() {
        scroller.current?.focus();
      },
    }),
    // rowAt and ensurePage read the current cache, patches and total through this render's closures.
    [total, patched, runId, onlyErrors, virtualizer],
  );

  // A row chosen whose problem lies in a column off to the side: that cell is scrolled into view, clear
  // of the pinned Row and Status columns (explore 58: Adjuster Email, column 19, was off to the right
  // at 1366 px, and nothing on screen showed the row's error).
  const firstProblemColumn = selected
    ? headers.findIndex((header) => cellProblems(selected).some((problem) => problem.column === header))
    : -1;
  useEffect(() => {
    const element = scroller.current;
    if (!element || firstProblemColumn < 0) return;
    const left = PINNED_WIDTH + firstProblemColumn * CELL_WIDTH;
    const shownFrom = element.scrollLeft + PINNED_WIDTH;
    const shownTo = element.scrollLeft + element.clientWidth;
    if (left < shownFrom) element.scrollLeft = left - PINNED_WIDTH;
    else if (left + CELL_WIDTH > shownTo) element.scrollLeft = left + CELL_WIDTH - element.clientWidth;
  }, [selected?.row, firstProblemColumn]);

  const width = NUM_WIDTH + STATUS_WIDTH + headers.length * CELL_WIDTH;
  // The same headers arrive as a new array with every summary (each fix sends one): keep one array
  // while their names stay the same, so a fix re-renders only the rows that changed (issue 13).
  const headersKey = headers.join('\u0000');
  const columns = useMemo(() => headers, [headersKey]);
  if (error) return <div className="notice error">{error}</div>;
  return (
    <div
      ref={scroller}
      className="vgrid"
      role="grid"
      aria-label="Rows of the dry run"
      aria-rowcount={total + 1}
      // The selected row is what a screen reader reads as the arrows move it: its number, its status
      // and, for a row with errors, the problems themselves (its description).
      aria-activedescendant={selected ? rowId(selected.row) : undefined}
      tabIndex={0}
      onKeyDown={onKey}
    >
      <div className="vgrid-head" role="row" style={{ width }}>
        <div className="vcell num pin" role="columnheader" style={{ width: NUM_WIDTH, left: 0 }}>
          Row
        </div>
        <div
          className="vcell pin pin-last"
          role="columnheader"
          style={{ width: STATUS_WIDTH, left: NUM_WIDTH }}
        >
          Status
        </div>
        {headers.map((header) => (
          <div
            key={header}
            className="vcell"
            role="columnheader"
            style={{ width: CELL_WIDTH }}
            title={header}
          >
            {header}
          </div>
        ))}
      </div>
      {total === 0 && <div className="empty">{onlyErrors ? 'No rows have errors.' : emptyWords}</div>}
      <div style={{ height: virtualizer.getTotalSize(), width, position: 'relative' }}>
        {items.map((item) => {
          const row = rowAt(item.index);
          return (
            <GridRowView
              key={item.key}
              index={item.index}
              top={item.start}
              width={width}
              headers={columns}
              row={row}
              selected={row !== undefined && row.row === selected?.row}
              onSelect={onSelect}
            />
          );
        })}
      </div>
    </div>
  );
}

/**
 * One row of the grid, re-rendered only when its own props change: an inline fix replaces one row
 * object (and those sharing its key), the selection moves between two rows, and nothing else of the
 * grid is rendered again (issue 13: a fix re-rendered every row in view, ≈ 40 rows of 40 cells).
 */
const GridRowView = memo(function GridRowView({
  index,
  top,
  width,
  headers,
  row,
  selected,
  onSelect,
}: {
  index: number;
  top: number;
  width: number;
  headers: string[];
  row: GridRow | undefined;
  selected: boolean;
  onSelect: (row: GridRow | null) => void;
}) {
  const errorsByColumn = new Map<string, string>();
  for (const problem of cellProblems(row)) {
    if (problem.column) {
      const before = errorsByColumn.get(problem.column);
      errorsByColumn.set(problem.column, before ? `${before}; ${problem.message}` : problem.message);
    }
  }
  // A note (a date's time of day not kept) on the cell it is about, as the reports mark it.
  const notesByColumn = new Map<string, string>();
  for (const note of row?.notes ?? []) {
    if (note.column) notesByColumn.set(note.column, `Note: ${note.message}`);
  }
  // Each message names its column already ("Adjuster Email 'bob@' is not an email address"); a problem
  // of no one column (a key twice in the file) is said too.
  const problemWords = cellProblems(row)
    .map((problem) => problem.message)
    .join('. ');
  const changesByColumn = new Map<string, string>();
  for (const change of row?.changes ?? []) {
    if (!change.column) continue;
    const line = `${change.label}: ${change.old || '(empty)'} → ${change.new || '(empty)'}`;
    const before = changesByColumn.get(change.column);
    changesByColumn.set(change.column, before ? `${before}\n${line}` : line);
  }
  return (
    <div
      role="row"
      id={row ? rowId(row.row) : undefined}
      // Named by number and status, not by its 30 cells read one after another; a row with errors is
      // described by them, so arrowing onto it says what is wrong (explore 58: it said nothing).
      aria-label={row ? `Row ${row.row}: ${statusText(row)}` : undefined}
      aria-describedby={problemWords && row ? `${rowId(row.row)}-problems` : undefined}
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`vgrid-row${row?.status === 'invalid' && !row.sentEarlier ? ' invalid' : ''}${row?.status === 'skipped' ? ' skipped' : ''}${selected ? ' selected' : ''}`}
      style={{ top, height: ROW_HEIGHT, width }}
      onClick={() => row && onSelect(row)}
    >
      <div className="vcell num pin" role="rowheader" style={{ width: NUM_WIDTH, left: 0 }}>
        {row?.row ?? ''}
      </div>
      <div
        className={`vcell pin pin-last status-${row?.sentEarlier || (row?.status === 'valid' && row.action === 'already_done') ? 'sent' : (row?.status ?? 'valid')}`}
        role="gridcell"
        style={{ width: STATUS_WIDTH, left: NUM_WIDTH }}
        title={row ? statusTitle(row) : undefined}
      >
        {row ? statusText(row) : '…'}
        {problemWords && row && (
          <span className="sr-only" id={`${rowId(row.row)}-problems`}>
            {problemWords}
          </span>
        )}
      </div>
      {headers.map((header, column) => {
        const message = errorsByColumn.get(header);
        const change = message ? undefined : (changesByColumn.get(header) ?? notesByColumn.get(header));
        return (
          <div
            key={header}
            role="gridcell"
            className={`vcell${message ? ' err' : change ? ' changed' : ''}`}
            style={{ width: CELL_WIDTH }}
            title={message ?? change ?? row?.cells[column] ?? ''}
            aria-invalid={message ? true : undefined}
          >
            {row?.cells[column] ?? ''}
          </div>
        );
      })}
    </div>
  );
});
