/**
 * Sends a Trace JSON document as `res.json` would (the same bytes), but a slice of spans at a time
 * with the event loop running between slices and the socket's backpressure honoured: a
 * 50,000-span trace is neither one string of tens of megabytes nor one long stop of the engine
 * thread, whose other queries are answered between slices.
 */
import type { Response } from 'express';
import type { TraceJsonDocument } from '../../protocol/trace-json';

const SPANS_PER_SLICE = 2000;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function written(res: Response, text: string): Promise<void> | undefined {
  if (res.write(text)) return undefined;
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export async function sendTraceDocument(res: Response, document: TraceJsonDocument): Promise<void> {
  res.status(200).type('application/json');
  await written(res, `{"version":${JSON.stringify(document.version)},"traces":[`);
  for (const [t, trace] of document.traces.entries()) {
    const { spans, ...header } = trace;
    // `spans` is the header's last key (trace-queries.ts sets it last), so it can follow the rest.
    const head = JSON.stringify(header);
    if (spans === undefined) {
      await written(res, (t > 0 ? ',' : '') + head);
      continue;
    }
    await written(res, `${t > 0 ? ',' : ''}${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"spans":[`);
    for (let i = 0; i < spans.length; i += SPANS_PER_SLICE) {
      if (res.destroyed) return;
      const slice = spans.slice(i, i + SPANS_PER_SLICE).map((s) => JSON.stringify(s)).join(',');
      await (written(res, (i > 0 ? ',' : '') + slice) ?? nextTurn());
    }
    await written(res, ']}');
  }
  res.end(']}');
}
