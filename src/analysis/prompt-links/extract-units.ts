/** Which extractor reads which file, by extension; files of other types hold no templates. */
import { joinStringTokens } from './code-tokens';
import { extractDotprompt, extractPrompty, extractWholeFile } from './extract-text-files';
import { extractJson } from './extract-json';
import { extractYaml } from './extract-yaml';
import type { TemplateUnit, UnitExtractor } from './template-unit';
import { tokenizeJs } from './tokenize-js';
import { tokenizePython } from './tokenize-python';

/** Code strings shorter than this are labels and keys, not prompts. */
const MIN_CODE_STRING = 16;

const fromCode = (tokenize: typeof tokenizeJs): UnitExtractor => (path, text) =>
  joinStringTokens(tokenize(text), MIN_CODE_STRING).map((s) => ({ path, name: s.name, source: s.source }));

const EXTRACTORS: Record<string, UnitExtractor> = {
  md: extractWholeFile, markdown: extractWholeFile, txt: extractWholeFile, text: extractWholeFile,
  j2: extractWholeFile, jinja: extractWholeFile, jinja2: extractWholeFile,
  hbs: extractWholeFile, handlebars: extractWholeFile, mustache: extractWholeFile, tmpl: extractWholeFile, tpl: extractWholeFile,
  prompty: extractPrompty, prompt: extractDotprompt,
  yaml: extractYaml, yml: extractYaml, json: extractJson,
  ts: fromCode(tokenizeJs), tsx: fromCode(tokenizeJs), mts: fromCode(tokenizeJs), cts: fromCode(tokenizeJs),
  js: fromCode(tokenizeJs), jsx: fromCode(tokenizeJs), mjs: fromCode(tokenizeJs), cjs: fromCode(tokenizeJs),
  py: fromCode(tokenizePython),
};

export function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  // `system.md.bak` is a backup of a Markdown file: read as one, ranked as a backup.
  const parts = base.toLowerCase().split('.').slice(1).filter((p) => !/^(bak|orig|old|backup|tmp|swp)$|~$/.test(p));
  return parts.at(-1)?.replace(/~$/, '') ?? '';
}

export function isTemplateFile(path: string): boolean {
  return extensionOf(path) in EXTRACTORS;
}

export function extractUnits(path: string, text: string): TemplateUnit[] {
  const extractor = EXTRACTORS[extensionOf(path)];
  return extractor ? extractor(path, text) : [];
}
