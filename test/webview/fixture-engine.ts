/**
 * The real engine, in process, loaded with captured fixture payloads (test/fixtures/): decode →
 * normalize → store exactly as in the extension. Exposed as an EngineClientLike through the
 * worker's own dispatcher, with `changed` events, so the trace panel session talks to it as to the
 * worker client.
 */
import * as path from 'node:path';
import { Engine } from '../../src/engine/engine';
import { dispatchRequest } from '../../src/engine/engine-dispatch';
import { DEFAULT_ENGINE_CONFIG, type EngineClientLike, type EngineEvent, type EngineMethod, type EngineMethods, type EngineRequest } from '../../src/protocol/engine-api';
// From out/test/webview/ (compiled) to the repository's test/fixtures.
export const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures');

export class FixtureEngine implements EngineClientLike {
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private nextId = 1;
  private constructor(readonly engine: Engine) {}

  static async create(): Promise<FixtureEngine> {
    let self: FixtureEngine | undefined;
    const engine = await Engine.create({
      config: { ...DEFAULT_ENGINE_CONFIG, httpPort: 0, grpcPort: null, changeDebounceMs: 10 },
      emit: (event) => self?.deliver(event),
    });
    self = new FixtureEngine(engine);
    return self;
  }

  private deliver(event: EngineEvent): void {
    for (const l of this.listeners) l(event);
  }

  /** Imports fixture files (paths relative to test/fixtures); throws when one fails. */
  async importFixtures(...files: string[]): Promise<void> {
    const results = await this.engine.importFiles(files.map((f) => path.join(FIXTURES, f)));
    const failed = results.filter((r) => !r.ok);
    if (failed.length) throw new Error(`fixture import failed: ${failed.map((r) => `${r.file}: ${r.error}`).join('; ')}`);
  }

  /** The trace whose root span has this name. */
  async traceIdByName(name: string): Promise<string> {
    const { traces } = await this.call('listTraces', { limit: 1000 });
    const found = traces.find((t) => t.name === name);
    if (!found) throw new Error(`no trace named ${name} (have: ${traces.map((t) => t.name).join(', ')})`);
    return found.traceId;
  }

  onEvent(listener: (event: EngineEvent) => void) {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  async call<M extends EngineMethod>(method: M, params: EngineMethods[M]['params']): Promise<EngineMethods[M]['result']> {
    const request = { kind: 'request', id: this.nextId++, method, params } as EngineRequest;
    // Cloned both ways, as across the worker boundary.
    return structuredClone(await dispatchRequest(this.engine, structuredClone(request))) as EngineMethods[M]['result'];
  }

  async dispose(): Promise<void> {
    await this.engine.stop();
  }
}
