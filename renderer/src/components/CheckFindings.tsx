import type { AccountCheckView } from '../../../main/bridge/contract.ts';

type Verdict = AccountCheckView['findings'][number]['verdict'];

/** Marker and words per verdict (core/account/check-account.ts), most urgent first. */
const VERDICTS: Record<Verdict, { mark: string; label: string; order: number }> = {
  unsafe: { mark: '⚠', label: 'unsafe', order: 0 },
  handled: { mark: '↻', label: 'handled', order: 1 },
  unknown: { mark: '?', label: 'unknown', order: 2 },
  'as-assumed': { mark: '✓', label: 'as assumed', order: 3 },
};

/** "2026-12-03 13:41 UTC" from an ISO time. */
function when(iso: string): string {
  return `${iso.replace('T', ' ').slice(0, 16)} UTC`;
}

/** "3 handled, 2 unknown" style counts, most urgent first. */
function tally(findings: AccountCheckView['findings']): string {
  const counts = new Map<Verdict, number>();
  for (const finding of findings) counts.set(finding.verdict, (counts.get(finding.verdict) ?? 0) + 1);
  return (Object.keys(VERDICTS) as Verdict[])
    .filter((verdict) => counts.get(verdict))
    .map((verdict) => `${counts.get(verdict)} ${VERDICTS[verdict].label}`)
    .join(', ');
}

/**
 * What "Test connection" found (core's read-only check, as `trackops-bulk check` prints it): anything
 * that would make an import unsafe first, in plain words; then every topic with what the tool assumes,
 * what the account answered and a verdict. Folded away while nothing differs from the assumptions
 * (topics a read-only check cannot answer, such as writes, stay "unknown" on every account).
 */
export function CheckFindings({ check }: { check: AccountCheckView }) {
  const differs = check.findings.some(
    (finding) => finding.verdict === 'unsafe' || finding.verdict === 'handled',
  );
  const sorted = [...check.findings].sort((a, b) => VERDICTS[a.verdict].order - VERDICTS[b.verdict].order);
  return (
    <section className="card" aria-labelledby="findings-title">
      <div className="card-head">
        <h2 id="findings-title">What the connection test found</h2>
        <span className="muted small">Checked {when(check.checkedAt)}, read-only</span>
      </div>
      {check.unsafe.length > 0 && (
        <div className="notice error" role="alert">
          <strong>Not safe to import into this account yet:</strong>
          <ul className="unsafe-list">
            {check.unsafe.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      <details className="findings" open={differs}>
        <summary>
          {differs
            ? `The account differs from what the tool assumes (${tally(check.findings)}).`
            : `Everything checked is as the tool assumes (${tally(check.findings)}).`}
        </summary>
        <p className="small muted">
          "Handled": the account answers differently and the tool copes, as said. "Unknown": a read-only check
          cannot tell, and the tool takes the safe course.
        </p>
        <table className="plain findings-table" aria-label="Connection test findings">
          <thead>
            <tr>
              <th scope="col">Topic</th>
              <th scope="col">The tool assumes</th>
              <th scope="col">The account answered</th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((finding) => {
              const verdict = VERDICTS[finding.verdict];
              return (
                <tr key={finding.topic} className={`verdict-${finding.verdict}`}>
                  <th scope="row">{finding.topic}</th>
                  <td>{finding.assumed}</td>
                  <td>{finding.found}</td>
                  <td>
                    <span className={`verdict ${finding.verdict}`}>
                      <span aria-hidden="true">{verdict.mark}</span> {verdict.label}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </details>
    </section>
  );
}
