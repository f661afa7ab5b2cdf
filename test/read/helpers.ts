import { fileURLToPath } from 'node:url';
import type { ByteSource, SheetSource, SourceRow } from '../../core/index.ts';

export const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/read/${name}`, import.meta.url));

export async function allRows(sheet: SheetSource): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of sheet.rows()) rows.push(row);
  return rows;
}

/** Bytes handed over in the given chunk sizes (cycled): splits characters, quotes and line breaks. */
export function chunkedSource(name: string, bytes: Uint8Array, sizes: number[]): ByteSource {
  return {
    name,
    async *open() {
      let offset = 0;
      for (let index = 0; offset < bytes.length; index++) {
        const size = Math.max(1, sizes[index % sizes.length] ?? 1);
        yield bytes.subarray(offset, offset + size);
        offset += size;
      }
    },
  };
}
