/**
 * Whole-file templates: Markdown, plain text, Jinja, Handlebars, Mustache; and the role-sectioned
 * formats, Prompty (`system:` lines after YAML front matter) and Dotprompt (`{{role "user"}}`).
 * A role marker or the front matter is never part of a unit's text.
 */
import { verbatim } from './source-text';
import type { TemplateUnit } from './template-unit';

const FRONT_MATTER = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(\r?\n|$)/;
const PROMPTY_ROLE = /^[ \t]*(system|user|assistant|developer|tool)[ \t]*:[ \t]*$/gm;
const DOTPROMPT_ROLE = /^[ \t]*\{\{\s*(?:role\s+"(\w+)"|(history))\s*\}\}[ \t]*$/gm;

function bodyStart(text: string): number {
  const m = FRONT_MATTER.exec(text);
  return m ? m[0].length : 0;
}

function sections(path: string, text: string, marker: RegExp): TemplateUnit[] {
  const start = bodyStart(text);
  const body = text.slice(start);
  const found = [...body.matchAll(marker)];
  if (found.length === 0) return [{ path, source: verbatim(text, start, text.length) }];
  const units: TemplateUnit[] = [];
  const head = found[0].index;
  if (body.slice(0, head).trim()) units.push({ path, source: verbatim(text, start, start + head) });
  found.forEach((m, i) => {
    const from = start + m.index + m[0].length;
    const to = i + 1 < found.length ? start + found[i + 1].index : text.length;
    units.push({ path, name: m[1] ?? m[2], source: verbatim(text, from, to) });
  });
  return units;
}

export function extractPrompty(path: string, text: string): TemplateUnit[] {
  return sections(path, text, PROMPTY_ROLE);
}

export function extractDotprompt(path: string, text: string): TemplateUnit[] {
  return sections(path, text, DOTPROMPT_ROLE);
}

export function extractWholeFile(path: string, text: string): TemplateUnit[] {
  return [{ path, source: verbatim(text, bodyStart(text), text.length) }];
}
