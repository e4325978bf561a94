/**
 * Reading a file as it comes: gzip recognised by its magic bytes (1f 8b) and
 * unpacked with `DecompressionStream`, text decoded with `TextDecoderStream`,
 * JSON Lines handed out one line at a time — the whole file is never in memory.
 * Works the same in the options page and in Node 20 (`fs.openAsBlob`).
 */

/** What an import reads: a picked `File`, a `Blob`, or text already in memory (tests). */
export type ImportInput = Blob | string;

const asBlob = (input: ImportInput): Blob => (typeof input === 'string' ? new Blob([input]) : input);

/** The first bytes of a file. */
export async function headBytes(input: ImportInput, n = 8): Promise<Uint8Array> {
  return new Uint8Array(await asBlob(input).slice(0, n).arrayBuffer());
}

/** True for gzip's magic bytes. */
export const isGzip = (head: Uint8Array) => head[0] === 0x1f && head[1] === 0x8b;

/** The file's text as a stream of decoded chunks, gunzipped when `gzip` (a leading BOM is dropped). */
export function textStream(input: ImportInput, gzip: boolean): ReadableStream<string> {
  let bytes = asBlob(input).stream() as ReadableStream<Uint8Array>;
  if (gzip)
    bytes = bytes.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
  return bytes.pipeThrough(new TextDecoderStream('utf-8') as unknown as TransformStream<Uint8Array, string>);
}

/** Yields the chunks of a stream; stopping early cancels it (no gunzipping of the rest). */
export async function* chunks(stream: ReadableStream<string>): AsyncGenerator<string> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** At most `max` characters of the decoded text's start (for format detection). */
export async function headText(stream: ReadableStream<string>, max: number): Promise<string> {
  let text = '';
  for await (const chunk of chunks(stream)) {
    text += chunk;
    if (text.length >= max) break;
  }
  return text.slice(0, max);
}

/** One line of a file: its 1-based number and text, or only its length when longer than the limit. */
export type Line =
  { no: number; text: string; tooLong?: undefined } | { no: number; text?: undefined; tooLong: number };

/**
 * The lines of a text stream. A line longer than `maxChars` is not kept: only
 * its length is reported, so a file without line breaks cannot fill memory.
 * `onChunk` sees every chunk (the import fingerprints the text with it).
 */
export async function* readLines(
  stream: ReadableStream<string>,
  maxChars: number,
  onChunk?: (chunk: string) => void,
): AsyncGenerator<Line> {
  let pending = '';
  let overflow = 0;
  let no = 0;
  const emit = (): Line => {
    no++;
    const line: Line = overflow ? { no, tooLong: overflow + pending.length } : { no, text: pending.replace(/\r$/, '') };
    pending = '';
    overflow = 0;
    return line;
  };
  for await (const chunk of chunks(stream)) {
    onChunk?.(chunk);
    let at = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', at);
      const piece = chunk.slice(at, nl < 0 ? chunk.length : nl);
      if (overflow) overflow += piece.length;
      else pending += piece;
      if (pending.length > maxChars) {
        overflow = pending.length;
        pending = '';
      }
      if (nl < 0) break;
      yield emit();
      at = nl + 1;
    }
  }
  if (pending || overflow) yield emit();
}

/**
 * The whole decoded text, for formats that are one document (a JSON array, BibTeX),
 * or undefined as soon as it passes `maxChars` (the caller names the limit).
 */
export async function readAll(
  stream: ReadableStream<string>,
  maxChars: number,
  onChunk?: (chunk: string) => void,
): Promise<string | undefined> {
  const parts: string[] = [];
  let length = 0;
  for await (const chunk of chunks(stream)) {
    onChunk?.(chunk);
    length += chunk.length;
    if (length > maxChars) return undefined;
    parts.push(chunk);
  }
  return parts.join('');
}
