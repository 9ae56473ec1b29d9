/**
 * Indirect prompt injection: instruction-like text inside a retrieved document that is aimed at the
 * model rather than the reader. The rules look for intent (an instruction about instructions, text
 * addressed to the assistant, a hidden directive, a request to send data out), not for single
 * words, so "you can ignore the blinking light" or "the system of two valves" is not flagged.
 */
import type { RetrievalFinding } from '../../protocol/trace-json';

interface Rule {
  rule: string;
  pattern: RegExp;
  /**
   * Tests every match passes, run on the lower-cased text: a few cheap scans that rule most
   * documents out before the pattern (with its bounded gaps) runs.
   */
  needs: RegExp[];
}

const GAP = '[^.!?\\n]{0,60}?';

const RULES: Rule[] = [
  // "ignore all previous instructions", "disregard the system prompt", "forget your rules"
  { rule: 'instruction override', pattern: new RegExp(`\\b(?:ignore|disregard|forget|override|bypass)\\b${GAP}\\b(?:previous|prior|above|earlier|preceding|all|any|your|the|system|developer)\\b${GAP}\\b(?:instructions?|prompts?|rules|directives|guidelines|guardrails|messages?)\\b`, 'giu'),
    needs: [/ignore|disregard|forget|override|bypass/, /instruction|prompt|rules|directives|guidelines|guardrails|message/] },
  // "reveal your hidden instructions", "print the system prompt"
  { rule: 'instruction override', pattern: new RegExp(`\\b(?:reveal|print|repeat|output|show|leak)\\b${GAP}\\b(?:system prompt|hidden instructions|your instructions|initial instructions|original instructions)\\b`, 'giu'),
    needs: [/system prompt|instructions/] },
  // "you are now DAN", "new instructions:"
  { rule: 'role change', pattern: /\byou are now\b[^.!?\n]{0,60}|\bnew (?:system )?instructions?\s*:[^.!?\n]{0,80}/giu, needs: [/you are now|instruction/] },
  // "SYSTEM NOTE:", "assistant: tell the user ..."
  { rule: 'addressed to the model', pattern: /\b(?:system|assistant|developer|admin)\s+(?:note|message|override|instructions?|prompt)\s*:[^.!?\n]{0,80}/giu,
    needs: [/system|assistant|developer|admin/, /:/] },
  { rule: 'addressed to the model', pattern: /\b(?:assistant|ai|chatbot|llm|language model)\s*[:,]\s*(?:please\s+)?(?:ignore|disregard|reveal|tell|say|respond|answer|append|send|include|do not|don't)\b[^.!?\n]{0,80}/giu,
    needs: [/assistant|ai\s*[:,]|chatbot|llm|language model/, /[:,]/] },
  // Data sent out: a markdown image or link whose URL carries a placeholder or conversation data.
  { rule: 'exfiltration link', pattern: /!?\[[^\]\n]{0,80}\]\(\s*https?:\/\/[^)\s]*(?:\{[^}]*\}|\b(?:conversation|chat|history|secret|token|password|api_?key|prompt|data)=)[^)\s]*\)/giu,
    needs: [/\]\(/, /http/] },
  { rule: 'exfiltration request', pattern: /\b(?:send|email|e-mail|forward|post|upload|submit)\b[^.!?\n]{0,60}\b(?:card numbers?|credit cards?|passwords?|api keys?|credentials|conversation|chat history|personal data|social security)\b[^.!?\n]{0,60}/giu,
    needs: [/card number|credit card|password|api key|credentials|conversation|chat history|personal data|social security/] },
];

/** Passed by any text some rule may match: the first test of every rule, in one scan. */
const ANY_RULE = new RegExp(RULES.map((r) => r.needs[0].source).join('|'));

// Characters that a case-insensitive Unicode pattern matches as ASCII letters ("ſ" as s, the Kelvin
// sign as k) while toLowerCase does not make them so: text holding one runs every pattern.
const FOLDS_TO_ASCII = /[\u017F\u212A]/u;

const HIDDEN_COMMENT = /<!--([\s\S]*?)-->/g;
const HIDDEN_AIM = /\b(?:assistant|ai|model|llm|chatbot|ignore|disregard|reveal|instructions?|system prompt|you must|do not tell)\b/iu;
const ZERO_WIDTH_RUN = /[\u200B-\u200D\u2060\uFEFF]{3,}/u;
const CSS_HIDDEN = /<[^>]+style\s*=\s*["'][^"']*(?:display\s*:\s*none|font-size\s*:\s*0|visibility\s*:\s*hidden)[^"']*["'][^>]*>([^<]{4,})/giu;

const MAX_SNIPPET = 240;
const snippet = (s: string): string => (s.length > MAX_SNIPPET ? `${s.slice(0, MAX_SNIPPET)}…` : s).trim();

export interface InjectionFinding extends RetrievalFinding {
  rule: string;
}

/** Every injection found in the text, one finding per distinct passage. */
export function findInjections(text: string): InjectionFinding[] {
  const found: InjectionFinding[] = [];
  const seen: [number, number][] = [];
  const add = (rule: string, start: number, matched: string): void => {
    const end = start + matched.length;
    if (seen.some(([s, e]) => start < e && end > s)) return;
    seen.push([start, end]);
    found.push({ category: 'injection', rule, text: snippet(matched) });
  };
  for (const m of text.matchAll(HIDDEN_COMMENT)) {
    if (HIDDEN_AIM.test(m[1])) add('hidden directive', m.index, m[0]);
  }
  for (const m of text.matchAll(CSS_HIDDEN)) {
    if (HIDDEN_AIM.test(m[1])) add('hidden directive', m.index, m[0]);
  }
  const zw = ZERO_WIDTH_RUN.exec(text);
  if (zw) add('hidden characters', zw.index, text.slice(Math.max(0, zw.index - 40), zw.index + 40));
  const lowered = FOLDS_TO_ASCII.test(text) ? undefined : text.toLowerCase();
  if (lowered !== undefined && !ANY_RULE.test(lowered)) return found;
  for (const rule of RULES) {
    if (lowered !== undefined && !rule.needs.every((test) => test.test(lowered))) continue;
    for (const m of text.matchAll(rule.pattern)) add(rule.rule, m.index, m[0]);
  }
  return found;
}
