/**
 * How the app read a text file, and the clerk's delimiter and encoding (project rule: where the tool
 * must guess, it says that it guessed), through browser mode's HTTP bridge as the renderer calls it,
 * against the built-in sandbox: the preview says the delimiter and encoding it used and that both were
 * detected; a delimiter given reads the file again with the right headers, and the suggestion and the
 * dry run read it so too; a mapping that reads the file otherwise than the sheet step is refused;
 * bad values are refused with the reader's message naming the file, and the file stays open.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DryRunPage,
  MappingDraft,
  ProfilesView,
  SheetPreview,
  SourceView,
} from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { callVerb, openFile, post } from './http-bridge.ts';

const fixture = (path: string) => fileURLToPath(new URL(path, import.meta.url));
/** Semicolon-separated Windows-1252 with a comma in every field: detection settles on the comma. */
const SEMICOLONS = fixture('../fixtures/app/semicolon-commas-1252.csv');
const MESSY = fixture('../../samples/referrals-messy.xlsx');
const HEADERS = ['Claim #', 'Insured (last, first)', 'Budget, EUR'];

let app: RunningWebApp;
let sandboxId: string;

const call = <T>(verb: string, payload: unknown): Promise<T> => callVerb<T>(app, verb, payload);
const open = (path: string): Promise<SourceView> => openFile(app, path);

describe(
  'how the app read a text file, and the delimiter and encoding the clerk gives',
  { timeout: 60_000 },
  () => {
    beforeAll(async () => {
      app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
      sandboxId = (await call<ProfilesView>('listProfiles', {})).activeId;
    });
    afterAll(() => app.close());

    it('the preview says the delimiter and encoding it read with, both detected (here the delimiter wrongly)', async () => {
      const { preview } = await open(SEMICOLONS);
      expect(preview?.readAs).toEqual({
        delimiter: ',',
        delimiterName: 'comma-separated',
        encoding: 'windows-1252',
        delimiterDetected: true,
        encodingDetected: true,
      });
      // Nothing given: nothing for a template to keep.
      expect(preview).not.toHaveProperty('delimiter');
      expect(preview).not.toHaveProperty('encoding');
      expect(preview?.headers).toEqual(['Claim #;Insured (last', 'first);Budget', 'EUR']);
    });

    it('a delimiter given reads the file again with the right headers; the suggestion and the dry run read it so', async () => {
      const source = await open(SEMICOLONS);
      const preview = await call<SheetPreview>('previewSheet', { sourceId: source.sourceId, delimiter: ';' });
      expect(preview.headers).toEqual(HEADERS);
      expect(preview.rows[0]!.cells).toEqual(['EU-201', 'Müller, Anna', '1234,50']);
      expect(preview.delimiter).toBe(';');
      expect(preview).not.toHaveProperty('encoding');
      expect(preview.readAs).toEqual({
        delimiter: ';',
        delimiterName: 'semicolon-separated',
        encoding: 'windows-1252',
        delimiterDetected: false,
        encodingDetected: true,
      });

      const draft = await call<MappingDraft>('draftMapping', {
        sourceId: source.sourceId,
        profileId: sandboxId,
      });
      expect(draft.columnValues['Insured (last, first)']).toEqual([
        'Müller, Anna',
        'Weiß, Jürgen',
        'Brandt, Zoë',
      ]);

      // The mapping the wizard sends keeps what was given (the sheet step's `source`).
      const mapping = { ...draft.mapping, source: { headerRow: 1, delimiter: ';' } };
      const { runId } = await call<{ runId: string }>('startDryRun', {
        sourceId: source.sourceId,
        profileId: sandboxId,
        mapping,
      });
      let page: DryRunPage;
      do page = await call<DryRunPage>('dryRunPage', { runId, offset: 0, limit: 100, onlyErrors: false });
      while (page.summary.state === 'running');
      expect(page.rows.map((row) => row.row)).toEqual([2, 3, 4]);
      expect(page.rows[0]!.cells).toEqual(['EU-201', 'Müller, Anna', '1234,50']);

      // A mapping that reads the file otherwise (here: the delimiter left to detection) would check rows
      // the sheet step never showed, and its journal would say so: refused, before any row is read.
      const otherwise = await post(app, 'startDryRun', {
        sourceId: source.sourceId,
        profileId: sandboxId,
        mapping: { ...draft.mapping, source: { headerRow: 1 } },
      });
      expect(otherwise.json.error?.code).toBe('stale');
      expect(otherwise.json.error?.message).toMatch(/go back to the sheet step and read the file again/);
    });

    it('both given: the preview says so; back to "detect", it detects again', async () => {
      const source = await open(SEMICOLONS);
      const given = await call<SheetPreview>('previewSheet', {
        sourceId: source.sourceId,
        delimiter: ';',
        encoding: 'windows-1252',
      });
      expect(given.readAs).toMatchObject({ delimiterDetected: false, encodingDetected: false });
      expect(given).toMatchObject({ delimiter: ';', encoding: 'windows-1252' });
      const detected = await call<SheetPreview>('previewSheet', { sourceId: source.sourceId });
      expect(detected.readAs).toMatchObject({
        delimiter: ',',
        delimiterDetected: true,
        encodingDetected: true,
      });
    });

    it('a delimiter of two characters or an unknown encoding: the reader’s message naming the file, and the file stays open', async () => {
      const source = await open(SEMICOLONS);
      const twoCharacters = await post(app, 'previewSheet', { sourceId: source.sourceId, delimiter: ';;' });
      expect(twoCharacters.json.ok).toBe(false);
      expect(twoCharacters.json.error).toEqual({
        code: 'bad_delimiter',
        message:
          'Cannot use ";;" as the delimiter for semicolon-commas-1252.csv: give one character such as "," ";" "|" or "tab".',
      });
      const unknown = await post(app, 'previewSheet', { sourceId: source.sourceId, encoding: 'klingon' });
      expect(unknown.json.error?.code).toBe('unknown_encoding');
      expect(unknown.json.error?.message).toMatch(
        /^Unknown encoding "klingon" for semicolon-commas-1252\.csv\./,
      );
      const after = await call<SheetPreview>('previewSheet', { sourceId: source.sourceId, delimiter: ';' });
      expect(after.headers).toEqual(HEADERS);
    });

    it('an encoding its bytes rule out: refused in the app’s words (Advanced, not --encoding), and the file stays open', async () => {
      const source = await open(SEMICOLONS);
      const utf16 = await post(app, 'previewSheet', { sourceId: source.sourceId, encoding: 'utf-16le' });
      expect(utf16.json.ok).toBe(false);
      expect(utf16.json.error?.code).toBe('wrong_encoding');
      expect(utf16.json.error?.message).toMatch(
        /^semicolon-commas-1252\.csv cannot be UTF-16LE, the encoding given: .* Choose the file's own encoding under “Advanced: how the text file is read” below \(or no encoding, so that it is detected\) and read the file again\.$/,
      );
      const after = await call<SheetPreview>('previewSheet', { sourceId: source.sourceId, delimiter: ';' });
      expect(after.headers).toEqual(HEADERS);
    });

    it('a workbook says nothing of delimiters', async () => {
      const source = await open(MESSY);
      expect(source.preview).not.toHaveProperty('readAs');
    });
  },
);
