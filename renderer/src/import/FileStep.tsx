import { useRef, useState } from 'react';
import type { SourceView } from '../../../main/bridge/contract.ts';
import { bridge, call } from '../bridge.ts';
import { Notice } from '../components/Notice.tsx';
import { useAction } from '../components/use-action.ts';
import { toBase64 } from './file-base64.ts';

export function FileStep({ onOpened }: { onOpened: (source: SourceView) => void }) {
  const [over, setOver] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const action = useAction();

  const upload = async (file: File) => {
    const source = await action.run(async () =>
      call('openSource', { name: file.name, bytesBase64: await toBase64(file) }),
    );
    if (source) onOpened(source);
  };

  const pickNative = async () => {
    const source = await action.run(() => call('pickSource', {}));
    if (source) onOpened(source);
  };

  return (
    <section className="card" aria-labelledby="file-title">
      <h2 id="file-title">Choose the referral file</h2>
      <p className="muted">Excel workbooks (.xlsx) and CSV or tab-separated text files (.csv, .tsv, .txt).</p>
      <div
        className={`dropzone${over ? ' over' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(event) => {
          event.preventDefault();
          setOver(false);
          const file = event.dataTransfer.files[0];
          if (file) void upload(file);
        }}
      >
        <p>
          <strong>Drop the file here</strong>
        </p>
        <p className="muted">or</p>
        {bridge.host === 'electron' ? (
          <button className="btn primary" onClick={() => void pickNative()} disabled={action.busy}>
            Choose file…
          </button>
        ) : (
          <>
            <input
              ref={picker}
              id="file-input"
              className="sr-only"
              // "Choose file…" below opens it: one Tab stop for one control, and a name if reached.
              tabIndex={-1}
              aria-hidden="true"
              aria-label="Referral file"
              type="file"
              accept=".xlsx,.csv,.tsv,.txt"
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) void upload(file);
                event.target.value = '';
              }}
            />
            <button className="btn primary" onClick={() => picker.current?.click()} disabled={action.busy}>
              Choose file…
            </button>
          </>
        )}
        {action.busy && <p className="muted">Opening the file…</p>}
      </div>
      {action.error && <Notice kind="error">{action.error}</Notice>}
    </section>
  );
}
