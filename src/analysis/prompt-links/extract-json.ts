/** Prompts in JSON files: every string value long enough to be one, named by its key. */
import { SourceTextBuilder } from './source-text';
import type { TemplateUnit } from './template-unit';

const STRING = /"((?:[^"\\\n]|\\.)*)"(\s*:)?/g;
const MIN_VALUE = 12;
const ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };

export function decodeJsonString(raw: string, fileOffset: number): SourceTextBuilder {
  const out = new SourceTextBuilder();
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== '\\') {
      out.push(raw[i], fileOffset + i);
      continue;
    }
    const c = raw[i + 1];
    if (c === 'u') {
      out.push(String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16) || 0x3f), fileOffset + i);
      i += 5;
    } else {
      out.push(ESC[c] ?? c, fileOffset + i);
      i++;
    }
  }
  return out;
}

export function extractJson(path: string, text: string): TemplateUnit[] {
  const units: TemplateUnit[] = [];
  let key: string | undefined;
  for (const m of text.matchAll(STRING)) {
    if (m[2]) {
      key = m[1];
      continue;
    }
    const decoded = decodeJsonString(m[1], m.index + 1);
    if (decoded.length >= MIN_VALUE && m[1].includes(' ')) units.push({ path, name: key, source: decoded.build() });
  }
  return units;
}
