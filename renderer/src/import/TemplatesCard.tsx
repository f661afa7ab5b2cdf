import { useEffect, useState } from 'react';
import type { Mapping } from '../../../main/bridge/contract.ts';
import { call } from '../bridge.ts';
import { Notice } from '../components/Notice.tsx';
import { useAction } from '../components/use-action.ts';
import type { MappingDoc } from './mapping-doc.ts';
import { sendable } from './mapping-doc.ts';

/** What loading a template changed in how the file is read, said beside "Loaded template …". */
export interface TemplateRead {
  /** Sentences on the sheet and header row the template named; empty when nothing changed. */
  said: string;
  /** The template names something the file lacks: said as a warning, not as done. */
  warning: boolean;
}

/**
 * Saving this mapping as a template, and loading one (saved here, or a file a colleague sent) in its
 * place: `onLoad` receives the template's mapping, and answers what it changed in how the file is
 * read (the sheet and header row, a text file's delimiter…, as the template's `source` says), or null
 * when it did not take it (the reader refused the template's way of reading: the wizard shows why).
 */
export function TemplatesCard({
  doc,
  onLoad,
}: {
  doc: MappingDoc;
  onLoad: (mapping: Mapping) => Promise<TemplateRead | null>;
}) {
  const [templates, setTemplates] = useState<string[]>([]);
  const [templateName, setTemplateName] = useState('');
  const [chosenTemplate, setChosenTemplate] = useState('');
  const [templateNote, setTemplateNote] = useState<{ text: string; kind: 'ok' | 'warn' } | null>(null);
  const action = useAction();

  useEffect(() => {
    void call('listTemplates', {}).then(
      (list) => setTemplates(list.names),
      () => setTemplates([]),
    );
  }, []);

  const saveTemplate = async () => {
    const list = await action.run(() => call('saveTemplate', { name: templateName, mapping: sendable(doc) }));
    if (list) {
      setTemplates(list.names);
      const rows = doc.skip?.rows?.length ?? 0;
      setTemplateNote({
        kind: 'ok',
        text:
          `Saved template “${templateName}”.` +
          (rows
            ? ` It keeps the rules for rows that are not data, but not the ${rows === 1 ? 'row' : `${rows} rows`} you left out by number: row numbers belong to this file.`
            : ''),
      });
    }
  };
  const importFile = async (file: File) => {
    const imported = await action.run(async () =>
      call('importTemplate', { fileName: file.name, text: await file.text() }),
    );
    if (imported) {
      setTemplates(imported.names);
      setChosenTemplate(imported.name);
      const read = await onLoad(imported.mapping);
      if (read) loaded(`Loaded template “${imported.name}” from ${file.name}.`, read);
    }
  };
  const loadTemplate = async () => {
    const mapping = await action.run(() => call('loadTemplate', { name: chosenTemplate }));
    const read = mapping && (await onLoad(mapping));
    if (read) loaded(`Loaded template “${chosenTemplate}”.`, read);
  };
  const loaded = (text: string, read: TemplateRead) =>
    setTemplateNote({ kind: read.warning ? 'warn' : 'ok', text: read.said ? `${text} ${read.said}` : text });

  return (
    <section className="card" aria-labelledby="templates-title">
      <h3 id="templates-title">Templates</h3>
      <p className="muted small">
        Save this mapping to reuse it for the next file with the same layout. A template keeps the rules for
        rows that are not data, not rows left out by number (those belong to this file).
      </p>
      <div className="row">
        <label className="field">
          <span>Template name</span>
          <input type="text" value={templateName} onChange={(event) => setTemplateName(event.target.value)} />
        </label>
        <button
          className="btn"
          onClick={() => void saveTemplate()}
          disabled={!templateName.trim() || action.busy}
        >
          Save template
        </button>
        <span className="spacer" />
        <label className="field">
          <span>Saved templates</span>
          <select value={chosenTemplate} onChange={(event) => setChosenTemplate(event.target.value)}>
            <option value="">{templates.length ? 'Choose…' : 'None saved yet'}</option>
            {templates.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <button className="btn" onClick={() => void loadTemplate()} disabled={!chosenTemplate || action.busy}>
          Load
        </button>
        <input
          id="template-file"
          className="sr-only"
          type="file"
          accept=".json,application/json"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void importFile(file);
            event.target.value = '';
          }}
        />
        <button
          className="btn"
          onClick={() => document.getElementById('template-file')?.click()}
          disabled={action.busy}
        >
          Load from file…
        </button>
      </div>
      {templateNote && <Notice kind={templateNote.kind}>{templateNote.text}</Notice>}
      {action.error && <Notice kind="error">{action.error}</Notice>}
    </section>
  );
}
