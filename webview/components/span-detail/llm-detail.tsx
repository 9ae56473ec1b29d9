/** An LLM (or embedding) call: model and parameters, tokens, the conversation in, the output. */
import type { TraceJsonSpan } from '../../../src/protocol/trace-json';
import { Section } from '../ui/section';
import { LongText } from '../long-text';
import { formatCost, formatCount } from '../../../src/analysis/format';
import { prettyJson, toJson } from '../../shared/format';
import { MessagesSection, type ContentMode, type OpenSource } from './messages';

const formatMessageCount = (n: number) => `${n} message${n === 1 ? '' : 's'}`;
import { KeyValues } from './key-values';
import { Button } from '../../components/ui/button';
import { contentCaptureSwitch } from '../../../src/analysis/content-capture-switch';

function TokenTable({ span }: { span: TraceJsonSpan }) {
  const u = span.usage;
  if (!u && span.costUsd === undefined) return null;
  const rows: Array<[string, string]> = [
    ['input', formatCount(u?.inputTokens)],
    ['  cache read', formatCount(u?.cacheReadTokens)],
    ['  cache write', formatCount(u?.cacheWriteTokens)],
    ['output', formatCount(u?.outputTokens)],
    ['  reasoning', formatCount(u?.reasoningTokens)],
    ['total', formatCount(u?.totalTokens ?? (u?.inputTokens !== undefined || u?.outputTokens !== undefined ? (u?.inputTokens ?? 0) + (u?.outputTokens ?? 0) : undefined))],
    ['cost', formatCost(span.costUsd)],
  ];
  return (
    <table class="tl-kv tl-tokens">
      <tbody>
        {rows
          .filter(([k, v]) => !(k.startsWith('  ') && v === '–'))
          .map(([k, v]) => (
            <tr key={k}>
              <th class={k.startsWith('  ') ? 'sub' : ''}>{k.trim()}</th>
              <td class="num">{v}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}

/** Says only what is known: the library that recorded the call, and its switch when there is one. */
export function ContentNotCaptured({ span }: { span: TraceJsonSpan }) {
  const s = contentCaptureSwitch(span);
  return (
    <div class="tl-notice" role="note">
      This model call carries no prompt or completion: {s.library} did not record message content.
      {s.setting ? <> Set <code>{s.setting}</code>{s.note ? ` (${s.note})` : ''} and run the application again.</> : s.note ? ` Note: ${s.note}.` : ''}
    </div>
  );
}

/** One model call recorded by two instrumentations: which spans they are, and that it is counted once. */
function SameCall({ span, spanName, onSelect }: { span: TraceJsonSpan; spanName?: (spanId: string) => string | undefined; onSelect?: (spanId: string) => void }) {
  const others = span.duplicateOf !== undefined ? [span.duplicateOf] : span.alsoRecordedBy ?? [];
  if (others.length === 0) return null;
  const link = (id: string) => (
    <Button key={id} variant="link" class="tl-span-link" onClick={() => onSelect?.(id)} title={`Select span ${id}`}>
      {spanName?.(id) ?? id}
    </Button>
  );
  return (
    <div class="tl-notice tl-same-call" role="note">
      {span.duplicateOf !== undefined ? 'The same model call as ' : 'Also recorded by '}
      {others.map(link)}
      {span.duplicateOf !== undefined
        ? ' (recorded by another instrumentation): its tokens and cost are counted there, once.'
        : ' (another instrumentation): the tokens and cost of this call are counted once in the trace.'}
    </div>
  );
}

export interface LlmDetailProps {
  span: TraceJsonSpan;
  mode: ContentMode;
  spanName?: (spanId: string) => string | undefined;
  onSelect?: (spanId: string) => void;
  /** A linked input message's source was clicked. */
  onOpenSource?: OpenSource;
}

export function LlmDetail({ span, mode, spanName, onSelect, onOpenSource }: LlmDetailProps) {
  const model: Array<[string, unknown]> = [
    ['provider', span.provider],
    ['request model', span.requestModel],
    ['response model', span.model],
    ['finish reasons', span.finishReasons?.join(', ')],
  ];
  const params = Object.entries(span.requestParameters ?? {});
  return (
    <>
      <SameCall span={span} spanName={spanName} onSelect={onSelect} />
      {span.contentCaptured === false && <ContentNotCaptured span={span} />}
      <Section title="Model">
        <div class="tl-columns">
          <KeyValues entries={model} />
          <TokenTable span={span} />
        </div>
        {params.length > 0 && (
          <>
            <div class="tl-subhead">Parameters</div>
            <KeyValues entries={params} />
          </>
        )}
      </Section>
      <MessagesSection title={`Input · ${formatMessageCount(span.input?.messages.length ?? 0)}`} messages={span.input?.messages} mode={mode} onOpenSource={onOpenSource} />
      {span.toolDefinitions?.length ? (
        <Section title={`Tool definitions · ${span.toolDefinitions.length}`} open={false}>
          {span.toolDefinitions.map((t) => (
            <div key={t.name} class="tl-tool-def">
              <div class="tl-part-label">
                <strong>{t.name}</strong>
                {t.description && <span class="tl-muted"> — {t.description}</span>}
              </div>
              {t.parameters && <LongText text={prettyJson(t.parameters).text} />}
            </div>
          ))}
        </Section>
      ) : null}
      <MessagesSection title="Output" messages={span.output?.messages} mode={mode} />
      {span.prompt && (
        <Section title="Prompt template" open={false}>
          <KeyValues entries={[['name', span.prompt.name], ['version', span.prompt.version], ['id', span.prompt.id]]} />
          {span.prompt.template && <LongText text={span.prompt.template} />}
          {span.prompt.variables && <LongText text={toJson(span.prompt.variables)} />}
        </Section>
      )}
    </>
  );
}
