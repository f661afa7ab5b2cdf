import { useEffect, useRef, useState } from 'react';
import type {
  DryRunPage,
  DryRunSummary,
  ImportStatus,
  Mapping,
  MappingDraft,
  SheetPreview,
  SourceView,
  TargetHelp,
  TemplateFit,
  UnfinishedSend,
} from '../../../main/bridge/contract.ts';
import { bridge, call, messageOf } from '../bridge.ts';
import { afterAnswer, newer, newest } from '../progress-order.ts';
import { Notice } from '../components/Notice.tsx';
import { AccountReadingNotice, useAccountReading } from '../components/account-reading.tsx';
import { useAction } from '../components/use-action.ts';
import { useFocusHeading } from '../components/use-focus-heading.ts';
import { DryRunStep } from './DryRunStep.tsx';
import { FileStep } from './FileStep.tsx';
import type { MappingDoc } from './mapping-doc.ts';
import {
  asMappingDoc,
  sendable,
  withColumnDateFormat,
  withDecimal,
  withPlannedOptions,
  withRowLeftOut,
  withTarget,
} from './mapping-doc.ts';
import { MappingStep } from './MappingStep.tsx';
import { SendStep } from './SendStep.tsx';
import { sheetOfSend } from './finish-send.ts';
import { localTimeWords } from '../../../main/bridge/local-time.ts';
import { SheetStep, type SheetStepChoice } from './SheetStep.tsx';
import type { TemplateRead } from './TemplatesCard.tsx';

/** A send's states once it has ended. */
const ENDED = new Set<ImportStatus['state']>(['done', 'cancelled', 'failed']);

const STEPS = ['File', 'Sheet and header', 'Columns', 'Dry run', 'Send and results'] as const;

/** How a text file is read, as the person gave it (docs/mapping.md `source`). */
const TEXT_OPTIONS = ['quote', 'escape', 'delimiter', 'encoding'] as const;
type TextOptions = Partial<Record<(typeof TEXT_OPTIONS)[number], string>>;

/** The options given, without the ones left to the reader (undefined or empty: default or detected). */
function textOptionsOf(
  given: Partial<Record<(typeof TEXT_OPTIONS)[number], string | undefined>>,
): TextOptions {
  const options: TextOptions = {};
  for (const option of TEXT_OPTIONS) {
    const value = given[option];
    if (value) options[option] = value;
  }
  return options;
}

/**
 * The mapping's `source` for the file as the sheet step read it: the sheet, and only what the person
 * gave of the header row and of how to read the text. A header row found, or a delimiter or encoding
 * detected, is never kept: a template must not freeze a guess (the next file of the same carrier, with
 * one title line more, is read afresh), as `map` writes only a --header-row given. The dry run and the
 * send read the file as the sheet step chose, whatever the mapping says of the header row.
 */
function sourceOf(preview: SheetPreview): NonNullable<Mapping['source']> {
  return {
    ...(preview.sheet ? { sheet: preview.sheet } : {}),
    ...(preview.headerRowGiven ? { headerRow: preview.headerRow } : {}),
    ...textOptionsOf(preview),
  };
}

/** What reading a template's columns against the file found, in the loaded template's note. */
function fitWords(fit: TemplateFit, fileName: string): string[] {
  const words = fit.matched.map(
    ({ column, header }) =>
      `Its column “${column}” is “${header}” in ${fileName}: matched ignoring case and spaces around it, as the command line matches it.`,
  );
  if (fit.missing.length === 0) return words;
  const one = fit.missing.length === 1;
  const listed = fit.missing
    .map(({ column, closest }) => `“${column}”${closest ? ` (the closest is “${closest}”)` : ''}`)
    .join(', ');
  return [
    ...words,
    `It reads ${one ? 'a column' : `${fit.missing.length} columns`} ${fileName} does not have: ${listed}. ` +
      `Choose below what to do with ${one ? 'it' : 'them'}; the dry run refuses the file while the template reads ${one ? 'it' : 'them'}.`,
  ];
}

/**
 * The sheet a template names, found as the CLI's reader finds it (core's pickSheet): the exact name,
 * then the name in any letter case or spacing, then a position (a number, or digits); null when the
 * file has no such sheet.
 */
function sheetNamed(sheets: readonly { name: string }[], wanted: string | number): string | null {
  if (typeof wanted === 'number') return sheets[wanted - 1]?.name ?? null;
  const key = wanted.trim().toLowerCase();
  const found =
    sheets.find((candidate) => candidate.name === wanted) ??
    sheets.find((candidate) => candidate.name.trim().toLowerCase() === key) ??
    (/^\d+$/.test(key) ? sheets[Number(key) - 1] : undefined);
  return found?.name ?? null;
}

/** The import as five steps; each step's state lives here so Back never loses work. */
export function ImportWizard({ profileId, profileName }: { profileId: string; profileName: string }) {
  const [step, setStep] = useState(0);
  const [source, setSource] = useState<SourceView | null>(null);
  /**
   * The connection in use when the file was chosen: its unfinished send (main finds only that
   * account's) is offered while that connection is in use, never after a switch to another account
   * (explore: Office A's trial was offered to finish while connected to Office B).
   */
  const [openedWith, setOpenedWith] = useState<string | null>(null);
  const unfinishedSend = source?.unfinishedSend && openedWith === profileId ? source.unfinishedSend : null;
  const [preview, setPreview] = useState<SheetPreview | null>(null);
  const [draft, setDraft] = useState<MappingDraft | null>(null);
  const [doc, setDoc] = useState<MappingDoc | null>(null);
  // The closest header of each column a loaded template reads that the file lacks (fitTemplate).
  const [closestOf, setClosestOf] = useState<Record<string, string | null>>({});
  const [summary, setSummary] = useState<DryRunSummary | null>(null);
  const [status, setStatus] = useState<ImportStatus | null>(null);
  /**
   * Cells the clerk fixed in a dry run of this file, by row and column (and the sheet they were read
   * from): put in again by every later dry run of the file, so going back to the mapping never loses
   * them (explore 11 item 2). Dropped only when the sheet read no longer has their column, said first.
   */
  const [cellFixes, setCellFixes] = useState<CellFix[]>([]);
  /**
   * The connection the dry run on screen was checked against (explore 19: one started before the clerk
   * switched connections finished and was shown as the new connection's, its Next button offered).
   */
  const [checkedWith, setCheckedWith] = useState<{ id: string; name: string } | null>(null);
  /** A field the dry run asked to give one value for every row (opens the mapping step's editor). */
  const [constantFor, setConstantFor] = useState<string | null>(null);
  const action = useAction();
  /** The check (dry run) being started: the file, the mapping and the step it was started from. */
  const [checking, setChecking] = useState<Check | null>(null);
  /**
   * A check whose mapping was edited while it ran: its answer is not this mapping's, so it is set aside
   * and said so on the mapping step, with the button offered again (it was dropped without a word).
   */
  const [setAside, setSetAside] = useState<number | null>(null);
  // What a check reads of the account before it answers, and Trackops' silence meanwhile.
  const reading = useAccountReading();

  useEffect(
    () =>
      bridge.onProgress((event) => {
        if (event.kind === 'dryRun')
          setSummary((current) =>
            current?.runId === event.summary.runId ? newer(current, event.summary) : current,
          );
        if (event.kind === 'import')
          setStatus((current) =>
            current?.runId === event.status.runId ? newer(current, event.status) : current,
          );
      }),
    [],
  );

  /**
   * A send this app is still running from a window closed mid-send (browser mode): shown again, with
   * its progress, Pause and Cancel, instead of an empty file step that knows nothing of it.
   */
  const [adopted, setAdopted] = useState(false);
  /**
   * A send that ended while no window showed it (its tab closed mid-send): its results are shown as the
   * tab that started it would have, with its failures and Retry / Send the remaining (explored: a tab
   * opened again showed nothing of it). Said until a send is started from here.
   */
  const [adoptedEnded, setAdoptedEnded] = useState(false);
  const stepNow = useRef(step);
  stepNow.current = step;
  // The file and mapping on screen now: a dry run's answer lands only on those it was started for.
  const sourceNow = useRef(source);
  sourceNow.current = source;
  const docNow = useRef(doc);
  docNow.current = doc;
  // The mapping edited on the step a check was started from, while it runs: that check is set aside
  // (its answer, when it comes, is dropped) and said so at once, with the check offered again.
  useEffect(() => {
    if (checking && checking.file === source && checking.mapping !== doc && step === checking.fromStep)
      setSetAside(checking.fromStep);
  }, [checking, source, doc, step]);
  // Said on the step it was started from only: another step, another file, is another matter.
  useEffect(() => {
    if (setAside !== null && step !== setAside) setSetAside(null);
  }, [setAside, step]);
  /** The check under way for what is on screen now (not one set aside or left behind). */
  const checkingThis =
    checking !== null && checking.file === source && checking.mapping === doc && checking.fromStep === step;
  /** A send being started from the send step (its start not answered yet): that step is kept on screen. */
  const [sending, setSending] = useState(false);
  useEffect(() => {
    let live = true;
    void call('runningSends', {})
      .then((running) => {
        const send = running.sends.find((candidate) => candidate.profileId === profileId) ?? running.sends[0];
        // Only onto the empty file step: a file the clerk has chosen meanwhile is not pushed aside.
        if (!live || !send || stepNow.current !== 0) return;
        const status = newest('import', send.status, running);
        setSummary(newest('dryRun', send.summary, running));
        setStatus(status);
        if (ENDED.has(status.state)) setAdoptedEnded(true);
        else setAdopted(true);
        setStep(4);
      })
      .catch(() => {
        // Nothing running is shown then; the send itself goes on.
      });
    return () => {
      live = false;
    };
  }, [profileId]);
  // The notice is about that send while it runs (explore 38 item 2: it went on saying "goes on running
  // … you can pause or cancel it here" over its results, and over every send started here after it).
  // Once it has ended, its results say what happened, and a later send is this window's own.
  const adoptedRunning = adopted && (status?.state === 'running' || status?.state === 'paused');
  useEffect(() => {
    if (
      adopted &&
      status &&
      status.state !== 'running' &&
      status.state !== 'paused' &&
      status.state !== 'cancelling'
    )
      setAdopted(false);
  }, [adopted, status]);
  /**
   * Sends this window has started (their start answered). Each send of a dry run has the dry run's
   * runId, so a send that ended before this window heard it running (a one-row retry at 50 rows a
   * second: its events came all at once, its end among them) is told from the one shown before it by
   * this count alone.
   */
  const [sendsStarted, setSendsStarted] = useState(0);
  // A send started here is this window's own, however fast it ended: nothing of it is said as adopted
  // (explored: a tab's own retry, ended before the tab heard of it, went on saying it "ended while no
  // window showed it").
  const started = () => {
    setAdopted(false);
    setAdoptedEnded(false);
    setSendsStarted((count) => count + 1);
  };
  // Results on screen: main is told by reading the ended send's status, so a window opened later is not
  // offered them again (main's ImportRuns.toShowAgain). A tab closed before its send ended never asks.
  const endedSend =
    step === 4 && status && ENDED.has(status.state) ? `${sendsStarted}:${status.runId}` : null;
  const endedRunId = endedSend === null ? null : (status?.runId ?? null);
  useEffect(() => {
    if (endedRunId === null) return;
    void call('importStatus', { runId: endedRunId }).catch(() => {
      // Not heard: a window opened later shows these results once more, nothing worse.
    });
    // Once for each send's end: a send of the same dry run again is another.
  }, [endedSend]);

  const opened = async (next: SourceView) => {
    setSource(next);
    setOpenedWith(profileId);
    setSetAside(null);
    setCellFixes([]);
    setDraft(null);
    setDoc(null);
    // A text file refused for its quotes: the sheet step offers other quote characters to read it with.
    if (next.refused) {
      setPreview(null);
      setStep(1);
      return;
    }
    // A round-trip export carries its own mapping: no sheet or mapping step, straight to its dry run
    // (main checks it through core's round-trip path, whatever mapping is sent with it).
    if (next.roundTrip) {
      if (next.preview) setPreview(next.preview);
      const own = asMappingDoc(next.roundTrip.mapping);
      setDoc(own);
      await dryRun(own, next);
      return;
    }
    // The file's answer holds the preview of its chosen sheet (issue 13: one call, not two).
    const first =
      next.preview ??
      (await action.run(() =>
        call('previewSheet', {
          sourceId: next.sourceId,
          ...(next.chosenSheet !== null ? { sheet: next.chosenSheet } : {}),
        }),
      ));
    if (first) {
      setPreview(first);
      setStep(1);
    }
  };

  const choose = async (choice: SheetStepChoice) => {
    if (!source) return;
    // How the text is read stays as read unless this choice sets it (Advanced, "Read the file again").
    const asked = TEXT_OPTIONS.some((option) => option in choice) ? choice : (preview ?? {});
    const next = await action.run(() =>
      call('previewSheet', {
        sourceId: source.sourceId,
        ...(choice.sheet !== undefined ? { sheet: choice.sheet } : {}),
        ...(choice.headerRow !== undefined ? { headerRow: choice.headerRow } : {}),
        ...textOptionsOf(asked),
      }),
    );
    if (next) {
      setPreview(next);
      setDraft(null);
    }
  };

  /**
   * A template replaces the mapping, and the file is read as the template says, as the CLI reads it
   * with that mapping: the sheet and header row it names (a workbook's sheet; the header row of either
   * kind), and how a text file is read (delimiter, encoding, quotes). What the template leaves out
   * stays as chosen in the sheet step. A sheet the file lacks is said, and the sheet read stays the one
   * chosen (the app's guess, said to be one): the CLI refuses that file with that template.
   */
  const loadTemplate = async (mapping: Mapping): Promise<TemplateRead | null> => {
    if (!source || !preview) return null;
    const named = mapping.source ?? {};
    const said: string[] = [];
    let warning = false;
    let sheet = preview.sheet;
    let headerRow: number | undefined = named.headerRow ?? preview.headerRow;
    if (source.format === 'xlsx' && named.sheet !== undefined) {
      const found = sheetNamed(source.sheets, named.sheet);
      const asNamed = typeof named.sheet === 'number' ? `at position ${named.sheet}` : `“${named.sheet}”`;
      if (found === null) {
        // Its header row belongs to the sheet it names, not to this one.
        headerRow = preview.headerRow;
        warning = true;
        const how =
          source.sheetGuessed && preview.sheet === source.chosenSheet ? 'the app’s guess' : 'as chosen';
        said.push(
          `It names the sheet ${asNamed}, which ${source.fileName} does not have (its sheets: ${source.sheets
            .map((choice) => `“${choice.name}”`)
            .join(
              ', ',
            )}). The sheet read is still “${preview.sheet ?? ''}”, ${how}: go Back to choose another if that is not the right one. The command line refuses this file with this template.`,
        );
      } else if (found !== preview.sheet) {
        sheet = found;
        // A new sheet's header row is found afresh unless the template gives it (as the CLI reads it).
        headerRow = named.headerRow;
        const was = source.sheetGuessed && preview.sheet === source.chosenSheet ? ' (the app’s guess)' : '';
        said.push(
          `It names the sheet “${found}”${named.headerRow ? ` with the header in row ${named.headerRow}` : ''}: that sheet is read now, in place of “${preview.sheet ?? ''}”${was}.`,
        );
      }
    }
    if (sheet === preview.sheet && headerRow !== preview.headerRow)
      said.push(
        `It puts the header in row ${headerRow}: the file is read so now (it was row ${preview.headerRow}).`,
      );
    // What the template gives wins; what it leaves out stays as the clerk chose it in the sheet step
    // (a template made from a comma file says nothing of delimiters: the semicolon chosen here stays).
    const wanted =
      source.format === 'csv' ? { ...textOptionsOf(preview), ...textOptionsOf(named) } : ({} as TextOptions);
    const differs =
      sheet !== preview.sheet ||
      headerRow !== preview.headerRow ||
      TEXT_OPTIONS.some((option) => wanted[option] !== preview[option]);
    let read = preview;
    if (differs) {
      const reread = await action.run(async () => {
        const again = await call('previewSheet', {
          sourceId: source.sourceId,
          ...(sheet ? { sheet } : {}),
          ...(headerRow !== undefined ? { headerRow } : {}),
          ...wanted,
        });
        // The columns' values as this reading gives them (the value pickers offer them).
        const values = await call('draftMapping', {
          sourceId: source.sourceId,
          profileId,
          template: mapping,
        });
        return { again, values };
      });
      if (!reread) return null;
      read = reread.again;
      const first = reread.values;
      setPreview(read);
      setDraft(first);
      // A large file's values fill in once every row of this reading is read (as in toMapping).
      if (!first.complete)
        void wholeDraft(first, mapping).then(
          (whole) => whole && setDraft((current) => (current === first ? whole : current)),
        );
    }
    // Its columns read against this file's headers as validate reads them (one named in another case is
    // that header; one the file lacks is said here and listed in the Columns step to be dealt with).
    const fit = await action.run(() => call('fitTemplate', { sourceId: source.sourceId, mapping }));
    if (!fit) return null;
    said.push(...fitWords(fit, source.fileName));
    if (fit.missing.length > 0) warning = true;
    setClosestOf(Object.fromEntries(fit.missing.map((one) => [one.column, one.closest])));
    // The template's own header row, when read with it, stays the template's (sourceOf keeps a chosen one).
    const kept = sourceOf(read);
    const pinned = named.headerRow !== undefined && headerRow === named.headerRow;
    setDoc({ ...asMappingDoc(fit.mapping), source: pinned ? { ...kept, headerRow: named.headerRow } : kept });
    return { said: said.join(' '), warning };
  };

  /**
   * The draft made from every row (issue 13), asked for once a draft was made from the first rows of a
   * large file; null when the rest could not be read, said with the draft's notes (the dry run reads
   * every row and names what failed).
   */
  const wholeDraft = async (first: MappingDraft, template?: Mapping): Promise<MappingDraft | null> => {
    if (!source) return null;
    try {
      return await call('draftMapping', {
        sourceId: source.sourceId,
        profileId,
        whole: true,
        ...(template ? { template } : {}),
      });
    } catch (error) {
      const message = `The rest of the file could not be read for the suggestion: ${messageOf(error)}`;
      const note = { column: null, level: 'warning' as const, message };
      setDraft((current) => (current === first ? { ...first, notes: [...first.notes, note] } : current));
      return null;
    }
  };

  const toMapping = async () => {
    if (!source || !preview) return;
    if (draft && doc) return setStep(2);
    const docOf = (next: MappingDraft): MappingDoc => ({
      ...asMappingDoc(next.mapping),
      source: sourceOf(preview),
    });
    const next = await action.run(() => call('draftMapping', { sourceId: source.sourceId, profileId }));
    if (!next) return;
    const first = docOf(next);
    setDraft(next);
    setDoc(first);
    setStep(2);
    if (next.complete) return;
    // Made from the first rows while the rest of a large file was read (issue 13): once every row is
    // read, the row count and each column's values fill in, and the mapping becomes the one made from
    // every row (a footer's rule) unless the person has changed it already (a template loaded, a
    // column set): their mapping is theirs, and the notes say what the whole file suggested.
    const whole = await wholeDraft(next);
    if (!whole) return;
    setDraft((current) => (current === next ? whole : current));
    setDoc((current) => (current === first ? docOf(whole) : current));
  };

  const dryRun = async (mapping: MappingDoc | null = doc, file: SourceView | null = source) => {
    if (!file || !mapping) return;
    // A round trip is never fixed in the app; another file starts with no fixes (opened()).
    const kept = file.roundTrip || file !== source ? [] : fixesFor(cellFixes, preview).kept;
    const against = { id: profileId, name: profileName };
    // Explore 40 item 3: a slow check the clerk walked away from (Back, another file chosen) landed ~9 s
    // later on the file then on screen, offering Send for the file left. Its answer is for the file and
    // mapping it was started with, on the step it was started from; once the clerk has left those it is
    // dropped, and the run stopped in main so it checks no more rows.
    const fromStep = stepNow.current;
    const left = () =>
      sourceNow.current !== file || docNow.current !== mapping || stepNow.current !== fromStep;
    // Not the wizard's busy flag: a check left behind must not hold the next file's sheet step on
    // "Reading the file…" until its answer comes (it is dropped then). It holds only its own button.
    const check: Check = { file, mapping, fromStep };
    setChecking(check);
    setSetAside(null);
    action.setError(null);
    const readingId = reading.next();
    let started: DryRunPage | null = null;
    try {
      const { runId } = await call('startDryRun', {
        sourceId: file.sourceId,
        profileId,
        mapping: sendable(mapping),
        ...(kept.length ? { fixes: kept.map(({ row, column, value }) => ({ row, column, value })) } : {}),
        readingId,
      });
      if (left()) {
        void call('cancelDryRun', { runId }).catch(() => {
          // Already gone: nothing of it is shown either way.
        });
      } else started = await call('dryRunPage', { runId, offset: 0, limit: 1, onlyErrors: false });
    } catch (error) {
      // A refusal of a check the clerk has left is not theirs to read over the file now on screen.
      if (!left()) action.setError(messageOf(error));
    } finally {
      reading.end(readingId);
      setChecking((current) => (current === check ? null : current));
    }
    if (started && !left()) {
      // The fixes the mapping step said would be dropped are dropped now.
      setCellFixes(kept);
      setConstantFor(null);
      setSummary(newest('dryRun', started.summary, started));
      setCheckedWith(against);
      setStatus(null);
      setStep(3);
    }
  };

  /**
   * A field picked by hand for a column: at once the column loses its old target's options, then gets
   * what the new one needs, read off its values by core's planColumn as the suggestion's are (explore
   * 30 item 1: a whole Name picked by hand lacked `parse: "full_name"`, and every row was refused with
   * advice the app has no control for). The check waits for the answer (busy). The suggestion's notes
   * on the column were about its old target ("no target found"): the plan's replace them.
   */
  const pickTarget = async (column: string, chosen: TargetHelp | null) => {
    const target = chosen?.target ?? '';
    setDoc((current) =>
      current
        ? withTarget(current, column, target, chosen?.lookup ? { lookup: chosen.lookup } : {})
        : current,
    );
    const notesOf = (notes: MappingDraft['notes']) =>
      setDraft((current) =>
        current
          ? { ...current, notes: [...current.notes.filter((note) => note.column !== column), ...notes] }
          : current,
      );
    notesOf([]);
    if (!chosen || !source) return;
    const plan = await action.run(() =>
      call('planColumn', { sourceId: source.sourceId, profileId, column, target }),
    );
    if (!plan) return;
    setDoc((current) => (current ? withPlannedOptions(current, column, target, plan.options) : current));
    notesOf(plan.notes);
  };

  // What the dry run may change in the mapping (DryRunStep's MappingFixes).
  const fixes = {
    labelOf: (target: string) => draft?.targets.find((help) => help.target === target)?.label ?? null,
    onSetConstant: (target: string) => {
      setConstantFor(target);
      setStep(2);
    },
    onRowLeftOut: (row: number, leave: boolean) =>
      setDoc((current) => (current ? withRowLeftOut(current, row, leave) : current)),
    onDecimal: (column: string, decimal: '.' | ',') => {
      if (!doc) return;
      const next = withDecimal(doc, column, decimal);
      setDoc(next);
      void dryRun(next);
    },
    onDateFormat: (column: string, format: string) => {
      if (!doc) return;
      const next = withColumnDateFormat(doc, column, format);
      setDoc(next);
      void dryRun(next);
    },
    rerunning: action.busy || checking !== null,
    onCellFixed: (row: number, column: string, value: string) => {
      const sheet = preview?.sheet ?? null;
      setCellFixes((current) => [
        ...current.filter((fix) => fix.row !== row || fix.column !== column),
        { row, column, value, sheet },
      ]);
    },
  };

  /**
   * Finishing a send of this file that was cut short: the file read and checked with the mapping that
   * send used, so the check finds its journal (rows it wrote are "already sent earlier") and sending
   * sends only the rest, as sending again after a cancel does.
   */
  const finishSend = async () => {
    if (!source || !unfinishedSend) return;
    const { mapping } = unfinishedSend;
    const read = mapping.source ?? {};
    // The sheet that send read, named or by position (a template's "sheet": 2).
    const sheetName = sheetOfSend(source.sheets, read.sheet);
    const opened = await action.run(async () => {
      const sheet = await call('previewSheet', {
        sourceId: source.sourceId,
        ...(sheetName !== undefined ? { sheet: sheetName } : {}),
        ...(read.headerRow ? { headerRow: read.headerRow } : {}),
        ...textOptionsOf(read),
      });
      const values = await call('draftMapping', { sourceId: source.sourceId, profileId, template: mapping });
      return { sheet, values };
    });
    if (!opened) return;
    setPreview(opened.sheet);
    setDraft(opened.values);
    const next = asMappingDoc(mapping);
    setDoc(next);
    await dryRun(next);
  };

  // Each new step (and a new check on the dry-run step) takes the focus to its heading.
  // Not when the dry run opened "Same value on every row": its value box has the focus, ready to type.
  const screen = useFocusHeading(
    step === 3 ? `3:${summary?.runId ?? ''}` : step,
    step === 2 && constantFor !== null,
  );

  const startOver = () => {
    setSetAside(null);
    setAdopted(false);
    setAdoptedEnded(false);
    setStep(0);
    setSource(null);
    setPreview(null);
    setDraft(null);
    setDoc(null);
    setSummary(null);
    setCheckedWith(null);
    setStatus(null);
    setCellFixes([]);
  };

  // Checked against another connection than the one in use, and not sent yet: not offered as this
  // connection's plan (a send already started keeps its own results on screen).
  // Nor while a send of it is being started: that send goes on, and its screen must stay (explore 40 item 2).
  const staleCheck =
    summary && checkedWith && checkedWith.id !== profileId && !status && !sending ? checkedWith : null;
  useEffect(() => {
    if (staleCheck && step === 4) setStep(3);
  }, [staleCheck, step]);

  return (
    <div ref={screen}>
      <ol className="stepper" aria-label="Import steps">
        {STEPS.map((label, index) => {
          // A round-trip export carries its own sheet and columns: those two steps are not taken.
          const skipped = !!source?.roundTrip && (index === 1 || index === 2);
          return (
            <li
              key={label}
              className={skipped ? 'skipped' : index < step ? 'done' : undefined}
              aria-current={index === step ? 'step' : undefined}
            >
              <span className="num">{index + 1}</span>
              {label}
              {skipped && ' · not needed'}
            </li>
          );
        })}
      </ol>
      {action.error && <Notice kind="error">{action.error}</Notice>}
      {checkingThis && <AccountReadingNotice reading={reading.reading} />}
      {setAside !== null && setAside === step && (
        <Notice kind="info">
          The check you started was set aside: the mapping changed while it ran, so what it found would not be
          what this mapping gives. Check every row again to see them with the mapping as it is now.{' '}
          <button className="btn" onClick={() => void dryRun()} disabled={action.busy || checkingThis}>
            Check every row again
          </button>
        </Notice>
      )}
      {source && unfinishedSend && step > 0 && step < 3 && (
        <UnfinishedSendNotice
          fileName={source.fileName}
          send={unfinishedSend}
          busy={action.busy || checking !== null}
          onFinish={() => void finishSend()}
        />
      )}
      {adoptedRunning && step === 4 && summary && (
        <Notice kind="info">
          This send of {summary.fileName} was started earlier in this app (in a window since closed, or
          another one) and goes on running. Its progress is below; you can pause or cancel it here.{' '}
          <button className="btn" onClick={startOver}>
            Choose another file
          </button>
        </Notice>
      )}
      {adoptedEnded && !sending && step === 4 && summary && (
        <Notice kind="info">
          This send of {summary.fileName} was started earlier in this app (in a window since closed, or
          another one) and ended while no window showed it. What it did, and what is left to retry or send, is
          below.{' '}
          <button className="btn" onClick={startOver}>
            Choose another file
          </button>
        </Notice>
      )}
      {step === 0 && <FileStep onOpened={(next) => void opened(next)} />}
      {step === 1 && source && (
        <SheetStep
          source={source}
          preview={preview}
          onChange={(choice) => void choose(choice)}
          busy={action.busy}
          onBack={() => setStep(0)}
          onNext={() => void toMapping()}
        />
      )}
      {step === 2 && preview && <DroppedFixesNotice dropped={fixesFor(cellFixes, preview).dropped} />}
      {step === 2 && preview && draft && doc && (
        <MappingStep
          preview={preview}
          draft={draft}
          doc={doc}
          onDoc={setDoc}
          onPick={(column, chosen) => void pickTarget(column, chosen)}
          onLoadTemplate={loadTemplate}
          fileName={source?.fileName ?? ''}
          closestOf={closestOf}
          busy={action.busy || checkingThis}
          onBack={() => setStep(1)}
          onNext={() => void dryRun()}
          constantFor={constantFor}
        />
      )}
      {step === 3 && staleCheck && (
        <Notice kind="warn">
          This dry run was checked against {staleCheck.name}, not {profileName}, the connection in use now:
          what it says of the account (requests it already holds, requests to update) is {staleCheck.name}'s.{' '}
          <button className="btn" onClick={() => void dryRun()} disabled={action.busy || checking !== null}>
            Check again against {profileName}
          </button>
        </Notice>
      )}
      {step === 3 && summary && status && !ENDED.has(status.state) && (
        // Whatever way led here, a send of this dry run still running is said, with the way back to it.
        <Notice kind="info">
          A send of this dry run is running: rows are being written to{' '}
          {status.connectionName ?? checkedWith?.name ?? profileName}.{' '}
          <button className="btn" onClick={() => setStep(4)}>
            Show the send
          </button>
        </Notice>
      )}
      {step === 3 && summary && (
        <DryRunStep
          nextBlocked={staleCheck !== null}
          // A new check (after a number format was set) starts with a fresh grid and no row selected.
          key={summary.runId}
          summary={summary}
          onSummary={setSummary}
          // A round trip has no mapping step to go back to.
          onBack={summary.roundTrip ? startOver : () => setStep(2)}
          onNext={() => setStep(4)}
          fixes={fixes}
        />
      )}
      {step === 4 && summary && (
        <SendStep
          summary={summary}
          profileId={profileId}
          profileName={profileName}
          checkedName={checkedWith?.name ?? profileName}
          status={status}
          onStatus={(next) => setStatus((current) => afterAnswer('import', current, next))}
          onStarting={setSending}
          onStarted={started}
          onBack={() => setStep(3)}
          onStartOver={startOver}
        />
      )}
    </div>
  );
}

/** A check (dry run) being started: what it checks, and the step it was started from. */
interface Check {
  file: SourceView;
  mapping: MappingDoc;
  fromStep: number;
}

/** A cell typed in the dry run's fix panel, kept for the next dry run of the same file. */
interface CellFix {
  row: number;
  column: string;
  value: string;
  /** The sheet it was read from (null: delimited text). */
  sheet: string | null;
}

/** The fixes the sheet as read now can take (same sheet, column still there), and those it cannot. */
function fixesFor(
  fixes: readonly CellFix[],
  preview: SheetPreview | null,
): { kept: CellFix[]; dropped: CellFix[] } {
  const kept: CellFix[] = [];
  const dropped: CellFix[] = [];
  for (const fix of fixes) {
    const fits = preview !== null && fix.sheet === preview.sheet && preview.headers.includes(fix.column);
    (fits ? kept : dropped).push(fix);
  }
  return { kept, dropped };
}

/**
 * Said on the mapping step, before "Check every row": the fixes the next dry run cannot put in again
 * (another sheet, or a header row without their column), named, so none is lost without a word.
 */
function DroppedFixesNotice({ dropped }: { dropped: readonly CellFix[] }) {
  if (dropped.length === 0) return null;
  const count =
    dropped.length === 1 ? '1 cell you fixed' : `${dropped.length.toLocaleString()} cells you fixed`;
  const named = dropped
    .slice(0, 10)
    .map((fix) => `row ${fix.row}, ${fix.column}: “${fix.value}”`)
    .join('; ');
  return (
    <div className="notice warn" role="status" data-testid="dropped-fixes">
      <strong>{count} in the dry run will be dropped when every row is checked again:</strong> the sheet as
      read now is another one or has no column of that name ({named}
      {dropped.length > 10 ? '; …' : ''}). To keep {dropped.length === 1 ? 'it' : 'them'}, go back to the
      sheet step and read the file as before; or type {dropped.length === 1 ? 'it' : 'them'} again in the dry
      run.
    </div>
  );
}

/** "forty.csv has a send that did not finish: …" with the way to finish it. */
function UnfinishedSendNotice({
  fileName,
  send,
  busy,
  onFinish,
}: {
  fileName: string;
  send: UnfinishedSend;
  busy: boolean;
  onFinish: () => void;
}) {
  const rows = send.written === 1 ? '1 row was' : `${send.written.toLocaleString()} rows were`;
  const named = send.file === fileName ? fileName : `${fileName} (sent then as ${send.file})`;
  return (
    <div className="notice info" role="status">
      <p style={{ margin: 0 }}>
        <strong>{named} has a send that did not finish.</strong> It started {localTimeWords(send.startedAt)};{' '}
        {rows} written to Trackops{send.lastAt ? `, the last at ${localTimeWords(send.lastAt)}` : ''}. Then it
        stopped: it was cancelled, was a trial run, or the window was closed while it was sending.
      </p>
      <p style={{ margin: '6px 0 0' }}>
        “Finish that send” checks every row with the columns that send used; then send the remaining rows. The
        rows already written are not sent again.
      </p>
      <div className="row" style={{ marginTop: 8 }}>
        <button className="btn primary" onClick={onFinish} disabled={busy}>
          Finish that send
        </button>
      </div>
    </div>
  );
}
