/**
 * Session (conversation / thread) and user ids, coalesced across families in this order:
 *  1. `gen_ai.conversation.id` (OTel GenAI)
 *  2. `session.id` (OpenInference, Langfuse compatibility)
 *  3. `langsmith.metadata.session_id|thread_id|conversation_id` (LangSmith's conversation ids), then
 *     `langsmith.trace.session_id`
 *  4. `traceloop.association.properties.session_id` / `thread_id` / `conversation_id`
 *  5. `langfuse.session.id`
 *  6. `ai.telemetry.metadata.sessionId` (AI SDK; also `threadId`, `conversationId`)
 *  7. `genkit:sessionId`, `gcp.vertex.agent.session_id` (Google ADK)
 *  8. `session_id` / `thread_id` / `conversation_id` inside OpenInference's `metadata` JSON
 * User: `user.id`, `langfuse.user.id`, `traceloop.association.properties.user_id`,
 * `ai.telemetry.metadata.userId`, `langsmith.metadata.user_id`, `enduser.id`.
 */
import { isRecord, toText } from './attributes';
import type { Family, FamilyFields, SpanContext } from './family';

const SESSION_KEYS = [
  'gen_ai.conversation.id',
  'session.id',
  'langsmith.metadata.session_id', 'langsmith.metadata.thread_id', 'langsmith.metadata.conversation_id',
  'langsmith.trace.session_id',
  'traceloop.association.properties.session_id', 'traceloop.association.properties.thread_id',
  'traceloop.association.properties.conversation_id',
  'langfuse.session.id',
  'ai.telemetry.metadata.sessionId', 'ai.telemetry.metadata.threadId', 'ai.telemetry.metadata.conversationId',
  'genkit:sessionId', 'gcp.vertex.agent.session_id',
];

const USER_KEYS = [
  'user.id', 'langfuse.user.id', 'traceloop.association.properties.user_id', 'ai.telemetry.metadata.userId',
  'langsmith.metadata.user_id', 'enduser.id',
];

/** Conversation ids that frameworks (LangChain config metadata) put in OpenInference's `metadata` JSON. */
function fromMetadata(attrs: SpanContext['attrs'], keys: string[]): string | undefined {
  if (!attrs.has('metadata')) return undefined;
  const metadata = attrs.value('metadata');
  if (!isRecord(metadata)) return undefined;
  for (const key of keys) {
    const v = toText(metadata[key]);
    if (v) return v;
  }
  return undefined;
}

function read({ attrs }: SpanContext): FamilyFields | undefined {
  let sessionId: string | undefined;
  for (const key of SESSION_KEYS) if ((sessionId = attrs.str(key))) break;
  sessionId ??= fromMetadata(attrs, ['session_id', 'thread_id', 'conversation_id']);
  let userId: string | undefined;
  for (const key of USER_KEYS) if ((userId = attrs.str(key))) break;
  userId ??= fromMetadata(attrs, ['user_id']);
  if (!sessionId && !userId) return undefined;
  const f: FamilyFields = {};
  if (sessionId) f.sessionId = sessionId;
  if (userId) f.userId = userId;
  return f;
}

export const sessionFamily: Family = {
  name: 'session',
  applies: () => true,
  read,
};
