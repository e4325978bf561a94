import { describe, expect, it } from 'vitest';
import { readLines, type Line } from '../../lib/formats/lines';

/** A text stream delivered in the given pieces, as a file arrives in chunks. */
const streamOf = (...pieces: string[]) =>
  new ReadableStream<string>({
    start(controller) {
      for (const p of pieces) controller.enqueue(p);
      controller.close();
    },
  });

const all = async (lines: AsyncGenerator<Line>) => {
  const out: Line[] = [];
  for await (const l of lines) out.push(l);
  return out;
};

describe('readLines', () => {
  it('joins lines split across chunks and numbers them', async () => {
    expect(await all(readLines(streamOf('{"a":', '1}\n{"b"', ':2}\r\n\nlast'), 100))).toEqual([
      { no: 1, text: '{"a":1}' },
      { no: 2, text: '{"b":2}' },
      { no: 3, text: '' },
      { no: 4, text: 'last' },
    ]);
  });

  it('reports a line over the limit by its length without keeping it', async () => {
    const long = 'x'.repeat(250);
    expect(await all(readLines(streamOf('ok\n', long.slice(0, 100), long.slice(100), '\nnext'), 100))).toEqual([
      { no: 1, text: 'ok' },
      { no: 2, tooLong: 250 },
      { no: 3, text: 'next' },
    ]);
  });
});
