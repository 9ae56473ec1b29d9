/** An LLM (or embedding) call: model and parameters, tokens, the conversation in, the output. */
import type { TraceJsonSpan } from '../../../src/protocol/trace-json';
import { Section } from '../ui/section';
import { LongText } from '../long-text';
import { formatCost, formatCount } from '../../../src/analysis/format';
import { prettyJson, toJson } from '../../shared/format';
import { MessagesSection, type ContentMode } from './messages';

const formatMessageCount = (n: number) => `${n} message${n === 1 ? '' : 's'}`;
import { KeyValues } from './key-values';

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

export function ContentNotCaptured() {
  return (
    <div class="tl-notice" role="note">
      This model call carries no prompt or completion: the application did not capture message content. Set{' '}
      <code>OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true</code> in its environment (for OpenLLMetry:{' '}
      <code>TRACELOOP_TRACE_CONTENT=true</code>; OpenInference captures by default unless <code>OPENINFERENCE_HIDE_INPUTS</code> is set)
      and run it again. Terminals opened in VS Code get the switch from Tracelight.
    </div>
  );
}

export function LlmDetail({ span, mode }: { span: TraceJsonSpan; mode: ContentMode }) {
  const model: Array<[string, unknown]> = [
    ['provider', span.provider],
    ['request model', span.requestModel],
    ['response model', span.model],
    ['finish reasons', span.finishReasons?.join(', ')],
  ];
  const params = Object.entries(span.requestParameters ?? {});
  return (
    <>
      {span.contentCaptured === false && <ContentNotCaptured />}
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
      <MessagesSection title={`Input · ${formatMessageCount(span.input?.messages.length ?? 0)}`} messages={span.input?.messages} mode={mode} />
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
