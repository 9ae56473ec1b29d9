/**
 * A generated workspace for the prompt-link figures: 5,000 files of the kinds prompts live in
 * (TypeScript with string constants, Markdown, Python, YAML, JSON, text), plus a node_modules
 * folder that must be skipped. Deterministic (seeded), so runs compare.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const WORDS = ('order refund parcel customer support agent answer question policy shipping return account invoice '
  + 'delivery kettle carrier ticket queue summary escalate tone brief polite language warehouse address payment card '
  + 'status tracking label damaged replace review product catalog team plan step tool result reply context').split(' ');

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export interface GeneratedWorkspace {
  root: string;
  files: number;
  /** Messages rendered from templates of the workspace, for the link figure. */
  renderedMessages: string[];
}

export function makePromptWorkspace(root: string, fileCount = 5000): GeneratedWorkspace {
  const rnd = random(42);
  const sentence = () => {
    const n = 8 + Math.floor(rnd() * 10);
    const words = Array.from({ length: n }, () => WORDS[Math.floor(rnd() * WORDS.length)]);
    return `${words.join(' ')}.`.replace(/^./, (c) => c.toUpperCase());
  };
  const paragraph = (lines: number) => Array.from({ length: lines }, sentence).join('\n');
  const rendered: string[] = [];
  for (let i = 0; i < fileCount; i++) {
    const dir = path.join(root, i % 10 === 9 ? `node_modules/pkg${i % 50}` : `src/area${i % 40}`);
    mkdirSync(dir, { recursive: true });
    const kind = i % 6;
    const text = paragraph(4);
    if (kind === 0) {
      const body = Array.from({ length: 6 }, (_, k) => `export const PROMPT_${k} = \`${paragraph(3)}\nUser: \${input}\`;\n`).join('\n');
      writeFileSync(path.join(dir, `flow${i}.ts`), `import { call } from '../client';\n\n${body}\nexport function run(input: string) {\n  return call(PROMPT_0.replace('x', input));\n}\n`);
    } else if (kind === 1) {
      writeFileSync(path.join(dir, `prompt${i}.md`), `<!-- prompt ${i} -->\n# Role\n\n${text}\nAnswer about {{topic}} in a {{tone}} tone.\n`);
      if (i % 60 === 1) rendered.push(`# Role\n\n${text}\nAnswer about refunds in a calm tone.`);
    } else if (kind === 2) {
      writeFileSync(path.join(dir, `prompts${i}.py`), `SYSTEM = """${text}"""\n\nUSER = "Question from {name}: {question}"\n\ndef build(q):\n    return f"""${paragraph(2)}\n{q}"""\n`);
    } else if (kind === 3) {
      writeFileSync(path.join(dir, `catalog${i}.yaml`), `agents:\n  a${i}:\n    system: |\n${text.split('\n').map((l) => `      ${l}`).join('\n')}\n    user: "Plan for {request}"\n`);
    } else if (kind === 4) {
      writeFileSync(path.join(dir, `router${i}.json`), JSON.stringify({ router: { system: text, fallback: sentence() } }, null, 2));
    } else {
      writeFileSync(path.join(dir, `notes${i}.txt`), `${text}\n\nConversation:\n{conversation}\n`);
    }
  }
  return { root, files: fileCount, renderedMessages: rendered };
}
