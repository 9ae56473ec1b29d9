/**
 * Prompts in YAML files: block scalars (`|`, `>` with their indicators) and quoted or long plain
 * values, each named by its key path (`agents.planner.system`). A line scanner, not a full YAML
 * parser: prompt files use the simple subset, and a scanner keeps every character's offset.
 */
import { SourceTextBuilder, verbatim } from './source-text';
import type { TemplateUnit } from './template-unit';

const KEY_LINE = /^( *)(?:- +)?("[^"]*"|'[^']*'|[^\s:#'"][^:#]*?) *: *(.*)$/;
const MIN_VALUE = 12;

function decodeDoubleQuoted(line: string, from: number, fileOffset: number, out: SourceTextBuilder): void {
  const ESC: Record<string, string> = { n: '\n', t: '\t', '"': '"', '\\': '\\', '/': '/' };
  for (let i = from; i < line.length && line[i] !== '"'; i++) {
    if (line[i] === '\\' && i + 1 < line.length) {
      out.push(ESC[line[i + 1]] ?? line[i + 1], fileOffset + i);
      i++;
    } else out.push(line[i], fileOffset + i);
  }
}

export function extractYaml(path: string, text: string): TemplateUnit[] {
  const units: TemplateUnit[] = [];
  const lines = text.split('\n');
  const lineOffsets: number[] = [];
  for (let i = 0, o = 0; i < lines.length; o += lines[i].length + 1, i++) lineOffsets.push(o);
  const stack: { indent: number; key: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const m = KEY_LINE.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    const indent = m[1].length;
    while (stack.length > 0 && stack[stack.length - 1].indent >= indent) stack.pop();
    const key = m[2].replace(/^["']|["']$/g, '');
    const name = [...stack.map((s) => s.key), key].join('.');
    stack.push({ indent, key });
    const value = m[3];
    const valueStart = lineOffsets[i] + line.length - value.length;
    if (/^[|>][-+0-9]*\s*(#.*)?$/.test(value)) {
      const folded = value[0] === '>';
      const out = new SourceTextBuilder();
      let contentIndent = -1;
      let j = i + 1;
      for (; j < lines.length; j++) {
        const l = lines[j];
        const ind = l.length - l.trimStart().length;
        if (l.trim() === '') {
          if (contentIndent !== -1) out.push('\n', lineOffsets[j]);
          continue;
        }
        if (ind <= indent) break;
        if (contentIndent === -1) contentIndent = ind;
        if (out.length > 0 && out.lastChar !== '\n') out.push(folded ? ' ' : '\n', lineOffsets[j] - 1);
        out.push(l.slice(contentIndent), lineOffsets[j] + contentIndent);
      }
      if (out.length >= MIN_VALUE) units.push({ path, name, source: out.build() });
      i = j - 1;
    } else if (value.startsWith('"')) {
      const out = new SourceTextBuilder();
      decodeDoubleQuoted(value, 1, valueStart, out);
      if (out.length >= MIN_VALUE) units.push({ path, name, source: out.build() });
    } else if (value.startsWith("'")) {
      const end = value.lastIndexOf("'");
      if (end > 1 && end - 1 >= MIN_VALUE) units.push({ path, name, source: verbatim(text, valueStart + 1, valueStart + end) });
    } else if (value.length >= 20 && value.includes(' ')) {
      const plain = value.replace(/\s+#.*$/, '');
      units.push({ path, name, source: verbatim(text, valueStart, valueStart + plain.length) });
    }
  }
  return units;
}
