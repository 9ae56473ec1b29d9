/**
 * Binding with fallback: when the preferred port is taken (another Tracelight window, a collector
 * already on 4318), the next ports are tried, and the caller reports the port actually used.
 */
export const PORT_ATTEMPTS = 20;

export interface BoundPort {
  port: number;
  /** The port asked for, when another one was taken. */
  requestedPort?: number;
}

/** `bind(port)` resolves with the bound port or rejects; address-in-use errors move to the next port. */
export async function bindWithFallback(requested: number, bind: (port: number) => Promise<number>): Promise<BoundPort> {
  // Port 0 lets the OS choose a free port: there is nothing to fall back from.
  const attempts = requested === 0 ? 1 : PORT_ATTEMPTS;
  let lastError: unknown;
  for (let i = 0; i < attempts && requested + i <= 65535; i++) {
    try {
      const port = await bind(requested + i);
      return i === 0 ? { port } : { port, requestedPort: requested };
    } catch (error) {
      lastError = error;
      if (!isPortBusy(error)) break;
    }
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(requested === 0 ? `no free port: ${reason}` : `ports ${requested}–${requested + attempts - 1} are all unavailable: ${reason}`);
}

function isPortBusy(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  if (code === 'EADDRINUSE' || code === 'EACCES') return true;
  // grpc-js reports a busy port only in its message.
  return error instanceof Error && /EADDRINUSE|address already in use|No address added/i.test(error.message);
}
