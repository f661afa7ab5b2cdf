import { useId, useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { createPortal } from 'react-dom';
import type { TargetHelp } from '../../../main/bridge/contract.ts';

/**
 * A searchable target chooser (ARIA combobox): type to filter by name, group or description, arrows
 * to move, Enter to choose, Escape to close. Each option shows the seed's description as help.
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
}) {
  const listId = useId();
  const current = targets.find((target) => target.target === value) ?? null;
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const place = useListPlace(input, open);

  const matches = useMemo(() => rankTargets(targets, query).slice(0, 80), [targets, query]);
  // A query that matched nothing when Enter was pressed: said under the box, which shows the field
  // chosen before (or none), never the typed text as if it were one (explore 30 item 3).
  const [missed, setMissed] = useState<string | null>(null);

  const choose = (target: TargetHelp | null) => {
    onChange(target);
    setOpen(false);
    setQuery('');
    setMissed(null);
  };

  const onKey = (event: React.KeyboardEvent) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((index) => Math.min(index + 1, matches.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Enter' && open) {
      event.preventDefault();
      const target = matches[active];
      if (target) choose(target);
      else if (query.trim()) {
        setMissed(query.trim());
        setOpen(false);
        setQuery('');
      }
    } else if (event.key === 'Escape') {
      setOpen(false);
      setQuery('');
    }
  };

  const shown = open
    ? query
    : current
      ? `${current.group} › ${current.label}`
      : value && unlisted
        ? unlisted.shown
        : '';
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
        aria-activedescendant={open && matches[active] ? `${listId}-${active}` : undefined}
        placeholder={current || (value && unlisted) ? '' : placeholder}
        aria-invalid={!current && value && unlisted?.invalid ? true : undefined}
        value={shown}
        onFocus={() => {
          setOpen(true);
          setActive(0);
        }}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onChange={(event) => {
          setMissed(null);
          setQuery(event.target.value);
          setActive(0);
          setOpen(true);
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
            <li
              role="option"
              aria-selected={false}
              onMouseDown={(event) => {
                event.preventDefault();
                choose(null);
              }}
            >
              <span className="desc">— Do not import this column —</span>
            </li>
            {matches.map((target, index) => (
              <li
                key={target.target}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                onMouseEnter={() => setActive(index)}
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
            {matches.length === 0 && (
              <li role="option" aria-selected={false} aria-disabled="true">
                <span className="desc">No target matches “{query}”.</span>
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
