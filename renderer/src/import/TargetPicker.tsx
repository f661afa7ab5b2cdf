import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { createPortal } from 'react-dom';
import type { TargetHelp } from '../../../main/bridge/contract.ts';

/**
 * A searchable target chooser, after the WAI-ARIA combobox pattern (an editable box with a listbox
 * popup): type to filter by name, group or description, arrows to move, Enter to choose, Escape to
 * close. Each option shows the seed's description as help.
 *
 * Focus alone never changes what the column goes to (explore 58 items 1 and 2): the box keeps showing
 * the field chosen, its list opens with nothing highlighted, and Enter with nothing highlighted and
 * nothing typed keeps the field. A clerk Tabbing down the columns to check them, pressing Enter to
 * "accept" one, had it silently switched to the first field of the list, or to the one under the
 * resting mouse pointer. An option is highlighted only when the clerk moves in the list: an arrow key,
 * typing (the best match), or the mouse actually moving over it. The choice of no field is the list's
 * first option, named for what it does where the picker is (`none`): on the Columns step "Do not import
 * this column", reached by the arrows like any other and found by typing "not", "ignore"… A picker where
 * choosing no field does nothing (a value moved to another field) offers none.
 *
 * The list is drawn in a layer of its own (a portal on <body>, fixed to the input's place on screen), so a
 * table cell or card that clips its content (`overflow: hidden`) can never cut it to a sliver (issue 16
 * point 7). It opens below the input, or above it when there is more room there.
 */
export function TargetPicker({
  targets,
  value,
  onChange,
  label,
  placeholder = 'Not imported — type to search targets',
  unlisted = null,
  none = LEAVE_COLUMN_OUT,
}: {
  targets: TargetHelp[];
  value: string;
  onChange: (target: TargetHelp | null) => void;
  label: string;
  placeholder?: string;
  /**
   * What the box shows for a `value` none of `targets` holds (a template's field the account no longer
   * has: explore 34 item 5), instead of the empty state, which said "Not imported" of a column the
   * mapping still sends; `invalid` marks it as a problem.
   */
  unlisted?: { shown: string; invalid: boolean } | null;
  /**
   * The first option, choosing no field, in the words of what that does here; null where it would do
   * nothing, so it is not offered (explore 61: the "Same value on every row" box offered "Do not import
   * this column", which there cleared the box, and the moved-value picker, where it did nothing).
   */
  none?: NoFieldOption | null;
}) {
  const listId = useId();
  const current = targets.find((target) => target.target === value) ?? null;
  const [open, setOpen] = useState(false);
  // What the clerk typed since the box took focus; null while nothing was, and the box shows the field.
  const [query, setQuery] = useState<string | null>(null);
  // The option highlighted: LEAVE_OUT, or 1 + a match's place; null until the clerk moves in the list.
  const [active, setActive] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const place = useListPlace(input, open);

  const typed = query ?? '';
  const matches = useMemo(() => rankTargets(targets, typed).slice(0, 80), [targets, typed]);
  const last = matches.length; // the options are "no field" (0) when offered, then the matches (1…)
  const first = none ? LEAVE_OUT : 1;
  const optionId = (index: number) => `${listId}-${index}`;
  // A query that matched nothing when Enter was pressed: said under the box, which shows the field
  // chosen before (or none), never the typed text as if it were one (explore 30 item 3).
  const [missed, setMissed] = useState<string | null>(null);

  // An option reached by the arrows is scrolled into the list's view, as a sighted clerk expects.
  useEffect(() => {
    if (open && active !== null)
      document.getElementById(`${listId}-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [open, active, listId]);

  // The box showing its field again while it has focus (a field chosen, Escape, Enter on nothing) has
  // it selected whole, as Tab leaves it: typing next searches afresh instead of adding to the name.
  useEffect(() => {
    if (query === null && document.activeElement === input.current) input.current?.select();
  }, [query, value]);

  const close = () => {
    setOpen(false);
    setQuery(null);
    setActive(null);
  };
  const choose = (target: TargetHelp | null) => {
    onChange(target);
    close();
    setMissed(null);
  };

  const onKey = (event: React.KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      // A closed list opens first, still with nothing highlighted: the next arrow moves in it.
      if (!open) setOpen(true);
      else if (event.key === 'ArrowDown')
        setActive((index) => (index === null ? first : Math.min(index + 1, last)));
      else setActive((index) => (index === null ? last : Math.max(index - 1, first)));
    } else if (event.key === 'Enter' && open) {
      event.preventDefault();
      if (active === LEAVE_OUT) choose(null);
      else if (active !== null && matches[active - 1]) choose(matches[active - 1]!);
      else if (typed.trim()) {
        setMissed(typed.trim());
        close();
      }
      // Nothing highlighted and nothing typed (a box just reached by Tab, or emptied): the field stays.
      else close();
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      close();
    }
  };

  const shown =
    query ?? (current ? `${current.group} › ${current.label}` : value && unlisted ? unlisted.shown : '');
  const leaveOutAsked = none !== null && asksForNone(typed, none);
  return (
    <div className="combo">
      <input
        ref={input}
        type="text"
        role="combobox"
        aria-label={label}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && active !== null ? optionId(active) : undefined}
        placeholder={current || (value && unlisted) ? '' : placeholder}
        aria-invalid={!current && value && unlisted?.invalid ? true : undefined}
        value={shown}
        onMouseDown={(event) => {
          // Focused by this press: the field's name is selected whole (as Tab selects it), so what the
          // clerk types replaces it rather than being added to its end.
          if (document.activeElement === event.currentTarget) return;
          event.preventDefault();
          event.currentTarget.focus();
        }}
        onClick={() => setOpen(true)}
        onFocus={(event) => {
          setOpen(true);
          setQuery(null);
          setActive(null);
          event.currentTarget.select();
        }}
        onBlur={(event) => {
          // Focus gone to another control (Tab to the next column's box): this list closes at once, so
          // two are never open together. Otherwise a moment later, and only if focus did not come back.
          if (event.relatedTarget) close();
          else
            setTimeout(() => {
              if (document.activeElement !== input.current) close();
            }, 150);
        }}
        onChange={(event) => {
          const text = event.target.value;
          setMissed(null);
          setQuery(text);
          setOpen(true);
          // Typing is a move in the list: its best match is highlighted ("not…" asks for no field). An
          // emptied box highlights nothing, so Enter there keeps the field.
          setActive(
            !text.trim()
              ? null
              : none && asksForNone(text, none)
                ? LEAVE_OUT
                : rankTargets(targets, text).length > 0
                  ? 1
                  : null,
          );
        }}
        onKeyDown={onKey}
      />
      {open &&
        place &&
        createPortal(
          <ul
            className="combo-list"
            role="listbox"
            id={listId}
            aria-label={`${label}: targets`}
            style={place}
          >
            {none && (
              <li
                id={optionId(LEAVE_OUT)}
                role="option"
                aria-selected={active === LEAVE_OUT}
                onMouseMove={(event) => hovered(event) && setActive(LEAVE_OUT)}
                onMouseDown={(event) => {
                  event.preventDefault();
                  choose(null);
                }}
              >
                <span className="desc">— {none.label} —</span>
              </li>
            )}
            {matches.map((target, index) => (
              <li
                key={target.target}
                id={optionId(index + 1)}
                role="option"
                aria-selected={active === index + 1}
                onMouseMove={(event) => hovered(event) && setActive(index + 1)}
                onMouseDown={(event) => {
                  event.preventDefault();
                  choose(target);
                }}
              >
                <div className="group">{target.group}</div>
                <div>
                  {target.label}
                  {target.required && <span className="badge">required</span>}
                </div>
                {target.description && <div className="desc">{target.description}</div>}
              </li>
            ))}
            {matches.length === 0 && !leaveOutAsked && (
              <li role="option" aria-selected={false} aria-disabled="true">
                <span className="desc">No target matches “{typed}”.</span>
              </li>
            )}
          </ul>,
          document.body,
        )}
      {missed && !open && (
        <div className="target-help warn" role="status">
          No field matches “{missed}”: nothing was chosen
          {current ? `; the column still goes to ${current.group} › ${current.label}` : ''}. Type part of a
          field’s name, such as “birth”, and pick it from the list.
        </div>
      )}
      {current?.description && !open && <div className="target-help">{current.description}</div>}
    </div>
  );
}

/** The list's first option, when offered: no field ("— Do not import this column —"). */
const LEAVE_OUT = 0;

/** The choice of no field: its words in the list, and what a clerk types to find it (a start of 3+ characters). */
export interface NoFieldOption {
  label: string;
  words: readonly string[];
}

/**
 * The pointer really moved over an option. A list drawn under a resting pointer gets mouseover and
 * mouseenter from Chromium with no movement, which took the option under it as the one Enter chooses
 * (explore 58 item 1); an option is highlighted from mousemove only, and only when the pointer moved.
 */
function hovered(event: React.MouseEvent): boolean {
  return event.movementX !== 0 || event.movementY !== 0;
}

/** What a clerk types to leave a column out, in full; any start of three characters or more finds it. */
const LEAVE_OUT_WORDS: readonly string[] = [
  'do not import this column',
  "don't import",
  'dont import',
  'not imported',
  'ignore this column',
  'leave it out',
  'leave out',
  'skip this column',
  'exclude',
  'none',
  'nothing',
];

/** The Columns step's choice of no field: the column is left out of the template. */
export const LEAVE_COLUMN_OUT: NoFieldOption = {
  label: 'Do not import this column',
  words: LEAVE_OUT_WORDS,
};

/** The typed text asks for no field ("not", "do not import", "ignore"…), not for one by its name. */
export function asksForNone(query: string, none: NoFieldOption): boolean {
  const typed = query.toLowerCase().replace(/[—–-]/g, ' ').replace(/[’]/g, "'").replace(/\s+/g, ' ').trim();
  return (
    typed.length >= 3 && [none.label.toLowerCase(), ...none.words].some((words) => words.startsWith(typed))
  );
}

/**
 * The targets that hold every typed word, best first: a word in the field's name weighs most, then in
 * its group, then in its description or path. A number is a whole number ("2" is not in "102"), and
 * one in the group weighs most of all: "Subject 2 Date of Birth" means the second subject's, and Enter
 * took Subject 1's, listed first (explore 30 item 3). Ties keep the catalogue's order.
 */
export function rankTargets(targets: TargetHelp[], query: string): TargetHelp[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return targets;
  const holds = (text: string, word: string) =>
    /^\d+$/.test(word) ? new RegExp(`(^|\\D)${word}(\\D|$)`).test(text) : text.includes(word);
  const scored: { target: TargetHelp; score: number; index: number }[] = [];
  targets.forEach((target, index) => {
    const label = target.label.toLowerCase();
    const group = target.group.toLowerCase();
    const rest = `${target.target} ${target.description}`.toLowerCase();
    let score = 0;
    for (const word of words) {
      const weight =
        holds(group, word) && /^\d+$/.test(word)
          ? 4
          : holds(label, word)
            ? 3
            : holds(group, word)
              ? 2
              : holds(rest, word)
                ? 1
                : 0;
      if (weight === 0) return;
      score += weight;
    }
    scored.push({ target, score, index });
  });
  return scored.sort((a, b) => b.score - a.score || a.index - b.index).map((entry) => entry.target);
}

/** Where the open list goes on screen: under the input (or over it, when there is more room above). */
function useListPlace(input: React.RefObject<HTMLInputElement | null>, open: boolean): CSSProperties | null {
  const [place, setPlace] = useState<CSSProperties | null>(null);
  useLayoutEffect(() => {
    if (!open) {
      setPlace(null);
      return;
    }
    const measure = () => {
      const box = input.current?.getBoundingClientRect();
      if (!box) return;
      const below = window.innerHeight - box.bottom - 8;
      const above = box.top - 8;
      const upward = below < 220 && above > below;
      const room = Math.max(120, Math.min(320, upward ? above : below));
      setPlace({
        position: 'fixed',
        left: box.left,
        width: Math.max(box.width, 320),
        maxHeight: room,
        ...(upward ? { bottom: window.innerHeight - box.top + 2 } : { top: box.bottom + 2 }),
      });
    };
    measure();
    // The page (or a scrolling card) moves under a fixed list: follow the input.
    window.addEventListener('scroll', measure, true);
    window.addEventListener('resize', measure);
    return () => {
      window.removeEventListener('scroll', measure, true);
      window.removeEventListener('resize', measure);
    };
  }, [open, input]);
  return place;
}
