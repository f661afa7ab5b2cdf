import type { TextReadAs } from '../../../main/bridge/contract.ts';
import { encodingLabel } from './TextReadOptions.tsx';

/**
 * How a text file was read, and what of that was a guess (project rule: where the tool must guess, it
 * says that it guessed): a wrong delimiter shows only as odd columns, a wrong encoding as odd letters.
 * The CLI's `map` says the same in its words (`--delimiter`, `--encoding` instead of "Advanced").
 */
export function TextReadNote({ readAs }: { readAs: TextReadAs }) {
  const read = `Read as ${readAs.delimiterName} text in ${encodingLabel(readAs.encoding)}`;
  const detected = [
    ...(readAs.delimiterDetected ? ['delimiter'] : []),
    ...(readAs.encodingDetected ? ['encoding'] : []),
  ];
  const words =
    detected.length === 0
      ? `${read}, as you chose.`
      : `${read}. The ${detected.join(' and ')} ${detected.length > 1 ? 'were' : 'was'} detected, not given: if the columns or letters below look wrong, choose ${detected.length > 1 ? 'them' : 'it'} under Advanced.`;
  return (
    <p className="small" role="status" aria-label="How the file was read">
      {words}
    </p>
  );
}
