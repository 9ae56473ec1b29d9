/** A tool call: name, arguments and result as pretty JSON, links to the model calls around it. */
import type { TraceJsonSpan } from '../../../src/protocol/trace-json';
import type { LinkedSpan, ToolCallLinks } from '../../../src/protocol/trace-panel';
import { Section } from '../ui/section';
import { LongText } from '../long-text';
import { Button } from '../ui/button';
import { prettyJson } from '../../shared/format';
import { KeyValues } from './key-values';

function SpanLink({ link, onSelect }: { link: LinkedSpan; onSelect: (spanId: string) => void }) {
  return (
    <Button variant="link" class="tl-span-link" onClick={() => onSelect(link.spanId)} title={`Select span ${link.spanId}`}>
      {link.name}
    </Button>
  );
}

export function ToolDetail({ span, links, onSelect }: { span: TraceJsonSpan; links?: ToolCallLinks; onSelect: (spanId: string) => void }) {
  const tool = span.tool;
  return (
    <>
      <Section title="Tool">
        <KeyValues entries={[['name', tool?.name ?? span.name], ['call id', tool?.callId], ['description', tool?.description]]} />
        {links && (links.requestedBy || links.consumedBy) && (
          <table class="tl-kv">
            <tbody>
              {links.requestedBy && (
                <tr>
                  <th>requested by</th>
                  <td><SpanLink link={links.requestedBy} onSelect={onSelect} /></td>
                </tr>
              )}
              {links.consumedBy && (
                <tr>
                  <th>result used by</th>
                  <td><SpanLink link={links.consumedBy} onSelect={onSelect} /></td>
                </tr>
              )}
            </tbody>
          </table>
        )}
      </Section>
      <Section title="Arguments">
        {tool?.arguments !== undefined ? <LongText text={prettyJson(tool.arguments).text} /> : <div class="tl-muted">not recorded</div>}
      </Section>
      <Section title="Result">
        {tool?.result !== undefined ? <LongText text={prettyJson(tool.result).text} /> : <div class="tl-muted">not recorded</div>}
      </Section>
    </>
  );
}
