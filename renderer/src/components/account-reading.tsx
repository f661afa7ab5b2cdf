/**
 * What main reads of the account while a call is unanswered (a send's start, a dry run's, an undo's
 * check), said on the screen that asked: the call carries a `readingId` from `next()`, and main's
 * `reading` events under that name say what is read, how many answers came and, when Trackops goes
 * silent, for how long and what comes next. Before this, a silent Trackops left a button on
 * "Checking…" (or a line on "Reading…") for minutes with no word.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AccountReadingView } from '../../../main/bridge/contract.ts';
import { bridge } from '../bridge.ts';
import { Notice } from './Notice.tsx';

let made = 0;

export function useAccountReading() {
  const [reading, setReading] = useState<AccountReadingView | null>(null);
  // The reading of the call this screen waits on now: an earlier call's events say nothing of it.
  const current = useRef<string | null>(null);
  useEffect(
    () =>
      bridge.onProgress((event) => {
        if (event.kind !== 'reading' || event.reading.readingId !== current.current) return;
        setReading(event.reading.state === 'done' ? null : event.reading);
      }),
    [],
  );
  /** The name for the next call's reading; what an earlier call read is no longer shown. */
  const next = useCallback(() => {
    made += 1;
    const id = `reading-${Date.now().toString(36)}-${made}-${Math.random().toString(36).slice(2, 8)}`;
    current.current = id;
    setReading(null);
    return id;
  }, []);
  /** The call has answered: its reading is over, whatever event of it comes later. */
  const end = useCallback((id: string) => {
    if (current.current !== id) return;
    current.current = null;
    setReading(null);
  }, []);
  return { reading, next, end };
}

/**
 * The reading in words: `lead` says what the screen is doing (else what main reads), with the answers
 * so far; a silent Trackops is said as a warning, in main's words.
 */
export function AccountReadingNotice({
  reading,
  lead,
}: {
  reading: AccountReadingView | null;
  lead?: string;
}) {
  if (!reading) return null;
  const answers =
    reading.answered === 0
      ? ''
      : ` (${reading.answered === 1 ? '1 answer' : `${reading.answered.toLocaleString()} answers`} from Trackops so far)`;
  return (
    <div data-testid="account-reading">
      <p className="muted" role="status">
        {lead ?? `Reading ${reading.what}…`}
        {answers}
      </p>
      {reading.waiting && <Notice kind="warn">{reading.waiting.message}.</Notice>}
    </div>
  );
}
