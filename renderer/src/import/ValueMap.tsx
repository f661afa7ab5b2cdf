import type { TargetHelp, TextKey } from '../../../main/bridge/contract.ts';
import { keyOf, shownName, valueFor, valueMeaning } from './value-meaning.ts';

/**
 * For a lookup or choice column: what each of its values means among the account's names, for the
 * values that do not name one already (the mapping's `values`). A value matching several names alike
 * ("Rush" with the flags "Rush" and "rush") names none of them to Trackops' eyes: it is asked about too,
 * offering only those look-alikes, told apart, and the choice is kept as the id (explore 54 item 7: the
 * step said the value needed nothing, and the dry run refused its rows).
 */
export function ValueMap({
  header,
  values,
  target,
  valueKeys,
  mapped,
  guessed = {},
  onChange,
}: {
  header: string;
  values: string[];
  target: TargetHelp;
  valueKeys: Record<string, TextKey>;
  mapped: Record<string, string | number | boolean>;
  /** What the suggestion filled in from spelling alone: marked as a guess while it is still what is chosen. */
  guessed?: Record<string, string | number | boolean>;
  onChange: (values: Record<string, string | number | boolean>) => void;
}) {
  // Spellings a "values" key takes alike ("Rush" and "RUSH": core refuses two keys matching the same
  // cells) are asked about once, keyed by the first.
  const spellings = new Map<string, string[]>();
  for (const value of values) {
    if (value === '') continue;
    const key = keyOf(value, valueKeys).caseless;
    spellings.set(key, [...(spellings.get(key) ?? []), value]);
  }
  const mappedOf = (texts: string[]) =>
    texts.map((text) => mapped[text]).find((chosen) => chosen !== undefined);
  // Values that already name one entry need nothing; list the others, and those mapped before.
  // Each spelling is judged on its own: of a SELECT's "High" and "high", only "high" is in doubt.
  const needing = [...spellings.values()].flatMap((all) => {
    const judged = all.map((text) => ({ text, meaning: valueMeaning(text, target, valueKeys) }));
    const open = judged.filter(({ meaning }) => meaning.kind !== 'one');
    if (open.length === 0 && mappedOf(all) === undefined) return [];
    const shown = open.length ? open : judged;
    return [{ texts: shown.map(({ text }) => text), value: shown[0]!.text, meaning: shown[0]!.meaning }];
  });
  if (needing.length === 0)
    return <div className="target-help">Every value in this column names a Trackops entry.</div>;
  const everyName = target.choices.map((_name, index) => index);
  const choose = (texts: string[], chosen: string) => {
    const next = { ...mapped };
    for (const text of texts) delete next[text];
    if (chosen) next[texts[0]!] = chosen;
    onChange(next);
  };
  return (
    <div className="values-map" role="group" aria-label={`Value mapping for ${header}`}>
      {needing.slice(0, 50).map(({ texts, value, meaning }) => {
        const means = `${texts.map((text) => `“${text}”`).join(' or ')} means`;
        const alike = meaning.kind === 'alike' ? meaning.indices : null;
        // Trackops keeps a SELECT's choices as written, and a "values" key ignores letter case: a
        // translation of "high" would take the cells written exactly "High" too, so the cells must say
        // which (core's choice_ambiguous advice); a lookup's look-alike is chosen by its id.
        if (alike && target.kind === 'choice')
          return (
            <label key={value} style={{ display: 'contents' }}>
              <span>{means}</span>
              <span>
                one of {alike.map((index) => shownName(target, index)).join(', ')}, which differ only in
                letter case: Trackops keeps them apart, so write each cell exactly as the choice it means
              </span>
              <span className="guess">several choices alike</span>
            </label>
          );
        return (
          <label key={value} style={{ display: 'contents' }}>
            <span>{means}</span>
            <select
              value={String(mappedOf(texts) ?? '')}
              onChange={(event) => choose(texts, event.target.value)}
            >
              <option value="">
                {alike ? '(not chosen — row will be flagged)' : '(no match — row will be flagged)'}
              </option>
              {(alike ?? everyName).map((index) => (
                <option key={index} value={valueFor(target, index)}>
                  {alike ? target.choicesApart![index] : shownName(target, index)}
                </option>
              ))}
            </select>
            {/* Always a cell, so the grid's rows stay aligned. */}
            <span className="guess">
              {alike
                ? `${alike.length} entries have this name: choose one by its id`
                : guessed[value] !== undefined && guessed[value] === mappedOf(texts)
                  ? 'guessed from spelling: check'
                  : ''}
            </span>
          </label>
        );
      })}
    </div>
  );
}
