/**
 * Idle kept-alive connections closed only when they really were idle.
 *
 * The receiver shares its thread with the store, and a big read can hold that thread for seconds.
 * Node closes a kept-alive connection when its idle timer fires, and after a stall the timers run
 * before the thread reads what the sockets received meanwhile: a client that sent its next request
 * on the connection during the stall had it dropped unanswered ("other side closed", ECONNRESET).
 * Here the decision waits until the pending input has been read (one turn of the event loop, the
 * poll phase running before `setImmediate`): a connection that got a request since stays open, and
 * Node times it out again once that request is answered.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** How long an idle kept-alive connection is held (Node's default; clients reuse it inside that). */
export const KEEP_ALIVE_MS = 5_000;

export function closeIdleConnectionsAfterInput(server: Server, keepAliveMs = KEEP_ALIVE_MS): void {
  server.keepAliveTimeout = keepAliveMs;
  const requests = new WeakMap<Socket, number>();
  server.on('request', (req: { socket: Socket }) => requests.set(req.socket, (requests.get(req.socket) ?? 0) + 1));
  // With a listener here Node no longer destroys a timed-out socket itself. The receiver sets no
  // other socket timeout (server.timeout is 0; slow requests are cut by requestTimeout and
  // headersTimeout, which close the socket themselves), so this is the keep-alive timer.
  server.on('timeout', (socket: Socket) => {
    const seen = requests.get(socket);
    setImmediate(() => {
      if (requests.get(socket) === seen) socket.destroy();
    });
  });
}
