/**
 * The app's Export screen as a clerk uses it for a round trip: every request (Any date), the round-trip
 * columns, saved where the test can edit the file. The tests that bring such a file back begin here.
 */
import type { Page } from 'playwright-core';

export async function exportRoundTripInApp(page: Page, path: string, format: 'xlsx' | 'csv' = 'xlsx') {
  await page.getByRole('tab', { name: 'Export' }).click();
  await page.getByRole('heading', { name: 'Export case requests' }).waitFor();
  await page.getByRole('button', { name: 'Any date' }).click();
  await page.getByLabel('Columns').selectOption('round-trip');
  if (format === 'csv') await page.getByRole('radio', { name: 'CSV' }).check();
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const save = page.getByRole('button', { name: 'Save the file' });
  await save.waitFor({ timeout: 60_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
  await download.saveAs(path);
}
