import type { TextReadAs } from '../../../main/bridge/contract.ts';
import { encodingLabel } from './TextReadOptions.tsx';

/**
 * How a text file was read, and what of that was a guess (project rule: where the tool must guess, it
 * says that it guessed): a wrong delimiter shows only as odd columns, a wrong encoding as odd letters.
 * The CLI's `map` says the same in its words (`--delimiter`, `--encoding` instead of "Advanced").
 * `saidInNotes`: the guesses a reading note says with more reason (ReadingNotes), left out here.
 */
export function TextReadNote({
  readAs,
  saidInNotes,
}: {
  readAs: TextReadAs;
  saidInNotes: ReadonlySet<string>;
}) {
  const read = `Read as ${readAs.delimiterName} text in ${encodingLabel(readAs.encoding)}`;
  const given = !readAs.delimiterDetected && !readAs.encodingDetected;
  const detected = [
    ...(readAs.delimiterDetected && !saidInNotes.has('delimiter') ? ['delimiter'] : []),
    ...(readAs.encodingDetected && !saidInNotes.has('encoding') ? ['encoding'] : []),
  ];
  const words = given
    ? `${read}, as you chose.`
    : detected.length === 0
      ? `${read}.`
      : `${read}. The ${detected.join(' and ')} ${detected.length > 1 ? 'were' : 'was'} detected, not given: if the columns or letters below look wrong, choose ${detected.length > 1 ? 'them' : 'it'} under Advanced.`;
  return (
    <p className="small" role="status" aria-label="How the file was read">
      {words}
    </p>
  );
}
