/** The bench's handle on the load generator process: one request at a time over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { FromLoadGenerator, ToLoadGenerator } from './load-generator';

type Built = Extract<FromLoadGenerator, { type: 'built' }>;
type Sent = Extract<FromLoadGenerator, { type: 'sent' }>;

export class LoadGeneratorClient {
  private readonly child: ChildProcess;
  private waiting: ((reply: FromLoadGenerator) => void) | null = null;
  private exited: string | null = null;

  constructor(bundleDir: string) {
    // A larger heap: a prebuilt set of JSON requests is a few hundred MB of strings.
    this.child = fork(path.join(bundleDir, 'load-generator.js'), [], { execArgv: ['--max-old-space-size=4096'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (reply: FromLoadGenerator) => {
      const waiting = this.waiting;
      this.waiting = null;
      waiting?.(reply);
    });
    this.child.on('exit', (code, signal) => {
      this.exited = `load generator exited (code ${code}, signal ${signal})`;
      const waiting = this.waiting;
      this.waiting = null;
      waiting?.({ type: 'error', message: this.exited });
    });
  }

  private ask(message: ToLoadGenerator): Promise<FromLoadGenerator> {
    if (this.exited) return Promise.reject(new Error(this.exited));
    if (this.waiting) return Promise.reject(new Error('load generator is busy'));
    return new Promise((resolve, reject) => {
      this.waiting = (reply) => (reply.type === 'error' ? reject(new Error(reply.message)) : resolve(reply));
      this.child.send(message);
    });
  }

  async build(message: Extract<ToLoadGenerator, { type: 'build' }>): Promise<Built> {
    return (await this.ask(message)) as Built;
  }

  async send(message: Extract<ToLoadGenerator, { type: 'send' | 'stream' }>): Promise<Sent> {
    const reply = (await this.ask(message)) as Sent;
    if (reply.failures > 0) throw new Error(`${reply.failures}/${reply.requests} requests failed; first: ${reply.firstError}`);
    return reply;
  }

  dispose(): void {
    if (!this.exited) this.child.kill();
  }
}
