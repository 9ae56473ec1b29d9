/**
 * What a convention family module is: a small pure function from one span (its attributes read
 * through a shared `SpanAttributes`, its events, and the log records joined to it) to the fields
 * that family can tell. `index.ts` runs the families and merges their answers by precedence.
 */
import type { DecodedLogRecord, DecodedSpan } from '../model';
import type { NormalizedFields, SpanKind } from '../../protocol/trace-json';
import type { SpanAttributes } from './attributes';

export interface SpanContext {
  readonly span: DecodedSpan;
  readonly attrs: SpanAttributes;
  readonly logs: readonly DecodedLogRecord[];
  /**
   * Set when only the fields the store's row columns take are wanted (kind, models, provider,
   * usage, cost, session; see `fieldsForRowColumns`): a family may then skip parsing message
   * content, which no column depends on. Unset for every read: the full fields.
   */
  readonly rowColumnsOnly?: boolean;
}

export interface FamilyFields extends Partial<NormalizedFields> {
  /**
   * A generic input/output carrier (`input.value`, `traceloop.entity.input`, `genkit:input`,
   * `mlflow.spanInputs`, ...): used as messages only when no family found real messages, and
   * interpreted once the span's kind is known (a chain's input is not a user message).
   */
  rawInput?: unknown;
  rawOutput?: unknown;
}

export interface Family {
  /** The name that appears in `conventions`. */
  readonly name: string;
  /** Cheap test (namespaces present) so absent families cost almost nothing per span. */
  applies(ctx: SpanContext): boolean;
  read(ctx: SpanContext): FamilyFields | undefined;
}

/** A kind from a free-form kind string shared by several families (OpenInference, LangSmith, MLflow, ...). */
export function kindFromName(value: string | undefined): SpanKind | undefined {
  if (!value) return undefined;
  switch (value.toLowerCase()) {
    case 'llm': case 'chat': case 'chat_model': case 'completion': case 'generation': case 'model':
    case 'text_completion': case 'generate_content': case 'chat_completion':
      return 'llm';
    case 'embedding': case 'embeddings': case 'embedder':
      return 'embedding';
    case 'retriever': case 'retrieval': case 'retrieve': case 'vectorstore': case 'indexer':
      return 'retrieval';
    case 'reranker': case 'rerank':
      return 'rerank';
    case 'tool': case 'function': case 'execute_tool':
      return 'tool';
    case 'agent': case 'invoke_agent': case 'create_agent':
      return 'agent';
    case 'chain': case 'workflow': case 'task': case 'flow': case 'invoke_workflow': case 'parser': case 'prompt':
      return 'chain';
    case 'guardrail': case 'guard':
      return 'guardrail';
    case 'evaluator': case 'evaluation':
      return 'evaluator';
    default:
      return undefined;
  }
}
