/**
 * What a span says about its prompt besides the messages: a template (OpenInference
 * `llm.prompt_template.template`, Traceloop `traceloop.prompt.template`), a prompt name or key
 * (Langfuse, Traceloop, `gen_ai.prompt.name`, AI SDK telemetry metadata).
 */
import type { TraceJsonSpan } from '../../protocol/trace-json';

export interface PromptHints {
  template?: string;
  names: string[];
}

const NAME_KEYS = [
  'gen_ai.prompt.name', 'traceloop.prompt.key', 'langfuse.observation.prompt.name', 'langfuse.prompt.name', 'llm.prompt_template.name',
];
const METADATA_PREFIX = 'ai.telemetry.metadata.';
const METADATA_NAMES = /^(prompt|promptName|prompt_name|promptFile|prompt_file|template|promptId)$/;

export function promptHints(span: Pick<TraceJsonSpan, 'prompt' | 'attributes'>): PromptHints {
  const attrs = span.attributes ?? {};
  const str = (k: string): string | undefined => (typeof attrs[k] === 'string' && (attrs[k] as string).trim() ? (attrs[k] as string) : undefined);
  const template = span.prompt?.template ?? str('llm.prompt_template.template') ?? str('traceloop.prompt.template');
  const names = new Set<string>();
  if (span.prompt?.name) names.add(span.prompt.name);
  for (const k of NAME_KEYS) {
    const v = str(k);
    if (v) names.add(v);
  }
  for (const k of Object.keys(attrs)) {
    if (k.startsWith(METADATA_PREFIX) && METADATA_NAMES.test(k.slice(METADATA_PREFIX.length))) {
      const v = str(k);
      if (v) names.add(v);
    }
  }
  return { template, names: [...names] };
}

/** A unit "is" a named prompt when the name is its key path, its file's stem or its path. */
export function nameMatches(name: string, path: string, unitName: string | undefined): boolean {
  const n = name.toLowerCase().replace(/\\/g, '/');
  const p = path.toLowerCase();
  const stem = p.slice(p.lastIndexOf('/') + 1).replace(/\..*$/, '');
  const key = unitName?.toLowerCase();
  return n === p || p.endsWith(`/${n}`) || n === stem || (key !== undefined && (key === n || key.startsWith(`${n}.`) || key.endsWith(`.${n}`)));
}
