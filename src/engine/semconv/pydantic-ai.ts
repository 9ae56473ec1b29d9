/**
 * pydantic-ai's own instrumentation (scope `pydantic-ai`), beyond the GenAI keys genai.ts reads:
 * - `operation.cost`: the call's price in USD, computed by pydantic-ai from genai-prices;
 * - the older format (`InstrumentationSettings(version=2)`, deprecated) puts a tool's arguments and
 *   result in `tool_arguments` / `tool_response` instead of `gen_ai.tool.call.arguments` / `.result`.
 * Its agent-run spans (`pydantic_ai.all_messages`, `final_result`) are read by mlflow-and-others.ts.
 */
import type { Family, FamilyFields, SpanContext } from './family';

function read({ attrs }: SpanContext): FamilyFields | undefined {
  const f: FamilyFields = {};
  const cost = attrs.num('operation.cost');
  if (cost !== undefined) f.costUsd = cost;
  if (attrs.has('tool_arguments') || attrs.has('tool_response')) {
    f.tool = { name: attrs.str('gen_ai.tool.name') ?? '', callId: attrs.str('gen_ai.tool.call.id'), arguments: attrs.text('tool_arguments'), result: attrs.text('tool_response') };
  }
  return f;
}

export const pydanticAiFamily: Family = {
  name: 'pydantic-ai',
  applies: ({ span, attrs }) => span.scope.name === 'pydantic-ai' || attrs.has('tool_arguments') || attrs.has('tool_response'),
  read,
};
