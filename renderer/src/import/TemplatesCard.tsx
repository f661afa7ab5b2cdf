import { useEffect, useState } from 'react';
import type { Mapping } from '../../../main/bridge/contract.ts';
import { BridgeCallError, call } from '../bridge.ts';
import { Notice } from '../components/Notice.tsx';
import { useAction } from '../components/use-action.ts';
import type { MappingDoc } from './mapping-doc.ts';
import { sendable } from './mapping-doc.ts';
import { toBase64 } from './file-base64.ts';

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

  /**
   * A template of the name asked for is saved already (main refuses to replace one unasked): the
   * question shown, with what to do on each answer.
   */
  const [nameInUse, setNameInUse] = useState<{
    name: string;
    /** The first free name "weekly (2)", "weekly (3)"… offered instead. */
    free: string;
    proceed: (choice: { replace: true } | { name: string }) => Promise<void>;
  } | null>(null);

  /** Runs a save or import; a name in use is asked about instead of said as an error. */
  const unlessNameInUse = async <T,>(
    name: string,
    attempt: (choice: { replace?: true; name?: string }) => Promise<T>,
    done: (value: T) => Promise<void> | void,
  ) => {
    setNameInUse(null);
    const outcome = await action.run(async () => {
      try {
        return { value: await attempt({}) };
      } catch (error) {
        if (error instanceof BridgeCallError && error.code === 'template_exists')
          return { inUse: true as const };
        throw error;
      }
    });
    if (!outcome) return;
    if ('value' in outcome) return done(outcome.value as T);
    const list = await call('listTemplates', {}).catch(() => ({ names: templates }));
    setTemplates(list.names);
    let free = '';
    for (let n = 2; !free || list.names.includes(free); n += 1) free = `${name} (${n})`;
    setNameInUse({
      name,
      free,
      proceed: async (choice) => {
        setNameInUse(null);
        const value = await action.run(() => attempt(choice));
        if (value !== undefined) await done(value as T);
      },
    });
  };

  const saveTemplate = () =>
    unlessNameInUse(
      templateName.trim(),
      (choice) =>
        call('saveTemplate', {
          name: choice.name ?? templateName,
          mapping: sendable(doc),
          ...(choice.replace ? { replace: true } : {}),
        }).then((list) => ({ list, name: choice.name ?? templateName.trim(), replaced: !!choice.replace })),
      ({ list, name, replaced }) => {
        setTemplates(list.names);
        setTemplateName(name);
        const rows = doc.skip?.rows?.length ?? 0;
        setTemplateNote({
          kind: 'ok',
          text:
            `Saved template “${name}”${replaced ? ', in place of the one saved before' : ''}.` +
            (rows
              ? ` It keeps the rules for rows that are not data, but not the ${rows === 1 ? 'row' : `${rows} rows`} you left out by number: row numbers belong to this file.`
              : ''),
        });
      },
    );
  const importFile = async (file: File) => {
    // Its bytes, not file.text(): main reads them as --mapping reads a file (a template Notepad saved as
    // "ANSI" is refused naming the line, where decoding it here put "�" in its column names unsaid).
    const bytesBase64 = await toBase64(file);
    const fileName = file.name;
    await unlessNameInUse(
      fileName.replace(/\.[^.]*$/, '') || fileName,
      (choice) =>
        call('importTemplate', {
          fileName,
          bytesBase64,
          ...(choice.name ? { name: choice.name } : {}),
          ...(choice.replace ? { replace: true } : {}),
        }).then((imported) => ({ imported, replaced: !!choice.replace })),
      async ({ imported, replaced }) => {
        setTemplates(imported.names);
        setChosenTemplate(imported.name);
        const read = await onLoad(imported.mapping);
        if (!read) return;
        const dropped = imported.droppedRows;
        loaded(
          `Loaded template “${imported.name}” from ${fileName}${replaced ? ', in place of the one saved before' : ''}.` +
            (dropped.length
              ? ` The file left out ${dropped.length === 1 ? 'row' : 'rows'} ${dropped.join(', ')} by number; a template does not keep rows left out by number (they belong to the file it was made from), so no row is left out by number here.`
              : ''),
          read,
        );
      },
    );
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
      {nameInUse && (
        <div className="notice warn" role="alert">
          <p style={{ margin: 0 }}>
            A template named “{nameInUse.name}” is saved already. Replace it, or save this one as “
            {nameInUse.free}”?
          </p>
          <div className="row" style={{ marginTop: 8 }}>
            <button
              className="btn"
              onClick={() => void nameInUse.proceed({ replace: true })}
              disabled={action.busy}
            >
              Replace “{nameInUse.name}”
            </button>
            <button
              className="btn"
              onClick={() => void nameInUse.proceed({ name: nameInUse.free })}
              disabled={action.busy}
            >
              Save as “{nameInUse.free}”
            </button>
            <button className="btn" onClick={() => setNameInUse(null)} disabled={action.busy}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {templateNote && <Notice kind={templateNote.kind}>{templateNote.text}</Notice>}
      {action.error && <Notice kind="error">{action.error}</Notice>}
    </section>
  );
}
