/** One template found in a workspace file: the text a single message could have been rendered from. */
import type { SourceText } from './source-text';

export interface TemplateUnit {
  /** Workspace-relative path with `/` separators. */
  path: string;
  /** What names it inside the file: a YAML/JSON key path, a constant's name, a role section. */
  name?: string;
  source: SourceText;
}

export type UnitExtractor = (path: string, text: string) => TemplateUnit[];
