/** Sequential reads over a byte stream by absolute position. */
export class ByteCursor {
  position = 0;
  private pending: Buffer = Buffer.alloc(0);
  constructor(private readonly chunks: AsyncIterator<Uint8Array>) {}

  private async fill(): Promise<boolean> {
    const next = await this.chunks.next();
    if (next.done) return false;
    const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    return true;
  }

  async exact(count: number): Promise<Buffer | null> {
    while (this.pending.length < count) if (!(await this.fill())) return null;
    const bytes = this.pending.subarray(0, count);
    this.pending = this.pending.subarray(count);
    this.position += count;
    return bytes;
  }

  async *take(count: number): AsyncGenerator<Buffer> {
    let left = count;
    while (left > 0) {
      if (this.pending.length === 0 && !(await this.fill())) return;
      const piece = this.pending.subarray(0, Math.min(left, this.pending.length));
      this.pending = this.pending.subarray(piece.length);
      this.position += piece.length;
      left -= piece.length;
      yield piece;
    }
  }

  async skip(count: number): Promise<void> {
    for await (const _ of this.take(count));
  }
}
