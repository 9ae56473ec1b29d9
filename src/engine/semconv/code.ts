/**
 * Source location (`code.*`), stable names first, then the deprecated ones that Logfire and older
 * SDKs still send (`code.filepath`, `code.lineno`, `code.column`, `code.function` + `code.namespace`).
 * Logfire's paths are relative to the app's working directory: mapping them to workspace files is
 * the prompt-link resolver's job, not this one.
 */
import type { CodeLocation } from '../../protocol/trace-json';
import type { Family, FamilyFields, SpanContext } from './family';

function read({ attrs }: SpanContext): FamilyFields | undefined {
  const code: CodeLocation = {};
  const file = attrs.str('code.file.path') ?? attrs.str('code.filepath');
  if (file) code.file = file;
  const line = attrs.num('code.line.number') ?? attrs.num('code.lineno');
  if (line !== undefined) code.line = line;
  const column = attrs.num('code.column.number') ?? attrs.num('code.column');
  if (column !== undefined) code.column = column;
  // The stable `code.function.name` is fully qualified; the deprecated pair is joined to match.
  const fn = attrs.str('code.function.name');
  const legacyFn = attrs.str('code.function');
  const namespace = attrs.str('code.namespace');
  const name = fn ?? (legacyFn && namespace ? `${namespace}.${legacyFn}` : legacyFn);
  if (name) code.function = name;
  return Object.keys(code).length > 0 ? { code } : undefined;
}

export const codeFamily: Family = {
  name: 'code',
  applies: ({ attrs }) => attrs.hasNamespace('code'),
  read,
};
