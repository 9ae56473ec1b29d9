/** The workspace's files as a set, with a by-name lookup for mapping paths from other machines. */
import type { WorkspaceFiles } from './workspace-paths';

export class WorkspaceFileSet implements WorkspaceFiles {
  private readonly all = new Set<string>();
  private readonly byName = new Map<string, string[]>();

  constructor(readonly root: string, paths: Iterable<string> = []) {
    for (const p of paths) this.add(p);
  }

  get size(): number {
    return this.all.size;
  }

  add(path: string): void {
    if (this.all.has(path)) return;
    this.all.add(path);
    const base = path.slice(path.lastIndexOf('/') + 1);
    const list = this.byName.get(base);
    if (list) list.push(path);
    else this.byName.set(base, [path]);
  }

  delete(path: string): void {
    if (!this.all.delete(path)) return;
    const base = path.slice(path.lastIndexOf('/') + 1);
    const list = this.byName.get(base)?.filter((p) => p !== path) ?? [];
    if (list.length > 0) this.byName.set(base, list);
    else this.byName.delete(base);
  }

  has(path: string): boolean {
    return this.all.has(path);
  }

  byBaseName(baseName: string): readonly string[] {
    return this.byName.get(baseName) ?? [];
  }
}
