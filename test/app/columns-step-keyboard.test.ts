/**
 * Explore 58 items 1, 2 and 6, in a real browser against the built-in sandbox: the Columns step from
 * the keyboard and with a screen reader.
 *
 * - Focus alone never changes a column's field: a box reached by Tab shows its field, its list opens
 *   with nothing highlighted (not the first field, not the one under a resting mouse pointer), and
 *   Enter keeps the field; an emptied box and Enter keeps it too; Escape closes the list and keeps it.
 * - "Do not import this column" is an option like any other: the arrows reach it (its id is the
 *   box's active descendant), and typing "not", "ignore" or "do not" finds it.
 * - Controls of different columns or subjects have names of their own (the date-format boxes name
 *   their column, the subject boxes their subject), as Chromium's accessibility tree gives them.
 *
 * Every key goes through page.keyboard; the sample workbook is the one samples/README.md describes.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';

const WORKBOOK = fileURLToPath(new URL('../../samples/referrals-messy.xlsx', import.meta.url));

let session: BrowserSession;
let page: Page;

const picker = (column: string) =>
  page.getByRole('combobox', { name: `Field for column ${column}`, exact: true });
const listOf = (column: string) => page.getByRole('listbox', { name: `Field for column ${column}: targets` });
const importedCount = () => page.getByText(/ columns will be imported$/).textContent();
const press = async (...keys: string[]) => {
  for (const key of keys) await page.keyboard.press(key);
};
/** The options highlighted in a column's open list (aria-selected), by their text. */
const highlighted = (column: string) =>
  listOf(column).locator('[role="option"][aria-selected="true"]').allInnerTexts();

describe('the Columns step from the keyboard and with a screen reader', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    session = await openBrowserSession();
    page = session.page;
    await page.setInputFiles('#file-input', WORKBOOK);
    await page.getByRole('heading', { name: /Which sheet/ }).waitFor();
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it('Tab to a field box and Enter keeps its field, with the pointer resting where the list opens', async () => {
    const zip = picker('Carrier Zip');
    const before = await zip.inputValue();
    expect(before).toBe('Client › Client zip');
    const count = await importedCount();
    // The mouse comes to rest just under Carrier Zip's box, where its list will be drawn; then only keys.
    await picker('Carrier State').focus();
    const box = (await zip.boundingBox())!;
    const pointer = { x: box.x + 120, y: box.y + box.height + 90 };
    await page.mouse.move(pointer.x, pointer.y);
    await press('Tab');
    await listOf('Carrier Zip').waitFor();
    const list = (await listOf('Carrier Zip').boundingBox())!;
    expect(pointer.y > list.y && pointer.y < list.y + list.height).toBe(true);
    await expect(zip.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(zip.getAttribute('aria-activedescendant')).resolves.toBeNull();
    await expect(highlighted('Carrier Zip')).resolves.toEqual([]);
    // A screen reader on the box hears the field it has, not an empty box.
    await expect(zip.inputValue()).resolves.toBe(before);

    await press('Enter', 'Tab');
    await expect(zip.inputValue()).resolves.toBe(before);
    await expect(importedCount()).resolves.toBe(count);
  });

  it('Escape after moving in the list, or Enter on an emptied box, keeps the field', async () => {
    const zip = picker('Carrier Zip');
    await zip.focus();
    await press('ArrowDown', 'ArrowDown');
    await expect(highlighted('Carrier Zip')).resolves.toEqual([
      expect.stringMatching(/^CASE REQUEST\s+Case type/i),
    ]);
    await press('Escape');
    await expect(zip.getAttribute('aria-expanded')).resolves.toBe('false');
    await press('Tab');
    await expect(zip.inputValue()).resolves.toBe('Client › Client zip');

    await zip.focus();
    await press('Control+a', 'Delete');
    await expect(zip.inputValue()).resolves.toBe('');
    await expect(highlighted('Carrier Zip')).resolves.toEqual([]);
    await press('Enter', 'Tab');
    await expect(zip.inputValue()).resolves.toBe('Client › Client zip');
  });

  it('reaches "Do not import this column" with the arrows, and finds it by typing', async () => {
    const gender = picker('Claimant Gender');
    const field = await gender.inputValue();
    expect(field).toMatch(/› Gender$/);
    const count = await importedCount();
    const [mapped, total] = count!.match(/\d+/g)!.map(Number);

    // Down once from a freshly focused box: the first option, "Do not import", named as the active one.
    await gender.focus();
    await press('ArrowDown');
    const leaveOut = listOf('Claimant Gender').getByRole('option', { name: /Do not import this column/ });
    const id = await leaveOut.getAttribute('id');
    expect(id).toBeTruthy();
    await expect(gender.getAttribute('aria-activedescendant')).resolves.toBe(id);
    await press('Enter');
    await expect(gender.inputValue()).resolves.toBe('');
    await expect(importedCount()).resolves.toBe(`${mapped! - 1} of ${total} columns will be imported`);

    // Back to Gender by typing its name, then out again by each of the words a clerk would type.
    for (const words of ['not', 'ignore', 'do not']) {
      await gender.focus();
      await page.keyboard.type('gender');
      await press('Enter');
      await expect(gender.inputValue()).resolves.toBe(field);
      await gender.focus();
      await page.keyboard.type(words);
      await expect(gender.getAttribute('aria-activedescendant')).resolves.toBe(id);
      await press('Enter');
      await expect(gender.inputValue(), `typed "${words}"`).resolves.toBe('');
    }
    // From the bottom of the list, Up runs through every field to it and stops there.
    await gender.focus();
    await press('ArrowUp', 'ArrowUp');
    const options = await listOf('Claimant Gender').getByRole('option').count();
    for (let at = 0; at < options; at++) await press('ArrowUp');
    await expect(gender.getAttribute('aria-activedescendant')).resolves.toBe(id);
    await press('Escape', 'Tab');
    await expect(gender.inputValue()).resolves.toBe('');
    expect(session.pageErrors).toEqual([]);
  });

  it('names each date-format box by its column and each subject box by its subject', async () => {
    for (const column of ['Date Received', 'Due Date', 'Date of Loss', 'Claimant DOB'])
      await expect(
        page.getByRole('textbox', { name: `Date format of text dates in ${column}`, exact: true }).count(),
        column,
      ).resolves.toBe(1);
    for (const subject of ['Subject 1, Claimant', 'Subject 2, Vehicle']) {
      await expect(
        page.getByRole('checkbox', { name: `Primary subject: ${subject}`, exact: true }).count(),
      ).resolves.toBe(1);
      await expect(
        page.getByRole('checkbox', { name: `Pinned to the case overview: ${subject}`, exact: true }).count(),
      ).resolves.toBe(1);
    }

    // And no two of the step's form controls share a name, as Chromium gives them to a screen reader.
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { ignored: boolean; role?: { value: string }; name?: { value: string } }[];
    };
    const names = nodes
      .filter((node) => !node.ignored && ['checkbox', 'textbox', 'combobox'].includes(node.role?.value ?? ''))
      .map((node) => `${node.role!.value} "${node.name?.value ?? ''}"`);
    expect(names.length).toBeGreaterThan(30);
    expect(names.filter((name, at) => names.indexOf(name) !== at)).toEqual([]);
  });
});
