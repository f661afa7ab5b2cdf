import type { SavedFile } from '../../../main/bridge/contract.ts';

/** Finishes a save: in a browser the bytes become a download; in Electron main has saved already. */
export function finishSave(saved: SavedFile): string | null {
  if (saved.kind === 'cancelled') return null;
  // What the file could not be (a workbook copied without its logo) is said beside where it went.
  const note = saved.note ? `. Note: ${saved.note}.` : '';
  if (saved.kind === 'saved') return `Saved to ${saved.path}${note}`;
  const bytes = Uint8Array.from(atob(saved.bytesBase64), (char) => char.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: saved.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = saved.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return `Downloaded ${saved.fileName}${note}`;
}
