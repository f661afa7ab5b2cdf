/** "1 request", "2,500 requests": a count and its noun, singular for one (explore 19: "Put back 1 requests"). */
export function countWords(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : plural}`;
}
