/**
 * Who may talk to the receiver over HTTP. The receiver binds loopback, but a web page in the
 * user's browser can still reach loopback ports: through DNS rebinding (evil.example resolving to
 * 127.0.0.1) or through cross-origin requests. The Host check defeats the first (a rebound request
 * still carries `Host: evil.example`); CORS only for loopback origins defeats the second.
 */
import type { NextFunction, Request, Response } from 'express';
import { hostname, networkInterfaces } from 'node:os';

const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::', '[::]']);

/** Host names (lowercase, IPv6 without brackets) that are always loopback. */
export function isLoopbackName(host: string): boolean {
  return host === 'localhost' || IPV4_LOOPBACK.test(host) || host === '::1' || /^::ffff:127\./.test(host);
}

/**
 * The names beside loopback that a request may use: the configured bind host when it is not
 * loopback, or, for a wildcard bind (0.0.0.0 / ::), every local interface address and the host name.
 */
export function extraAllowedHosts(bindHost: string): Set<string> {
  const host = stripBrackets(bindHost.trim().toLowerCase());
  const names = new Set<string>();
  if (WILDCARD_HOSTS.has(host) || WILDCARD_HOSTS.has(bindHost.trim())) {
    for (const addresses of Object.values(networkInterfaces())) {
      for (const address of addresses ?? []) names.add(address.address.toLowerCase().replace(/%.*$/, ''));
    }
    names.add(hostname().toLowerCase());
  } else if (!isLoopbackName(host)) {
    names.add(host);
  }
  return names;
}

/** The host part of a Host header or URL authority, lowercase, without port or IPv6 brackets. */
export function hostPart(authority: string): string {
  const value = authority.trim().toLowerCase();
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    return close > 0 ? value.slice(1, close) : value;
  }
  const colon = value.lastIndexOf(':');
  return colon >= 0 && /^\d*$/.test(value.slice(colon + 1)) ? value.slice(0, colon) : value;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

export function isAllowedHost(hostHeader: string | undefined, extra: Set<string>): boolean {
  // HTTP/1.1 requires Host; a request without one cannot be told apart from a rebound one.
  if (!hostHeader) return false;
  const host = hostPart(hostHeader);
  return isLoopbackName(host) || extra.has(host);
}

/** Origins allowed cross-origin access: http(s) pages served from a loopback (or allowed) host. */
export function isAllowedOrigin(origin: string, extra: Set<string>): boolean {
  const match = /^https?:\/\/(\[[^\]]+\]|[^/:]+)(:\d+)?$/i.exec(origin);
  if (!match) return false; // includes the opaque origin "null" (sandboxed frames, file: pages)
  const host = hostPart(match[1]);
  return host === 'localhost' || IPV4_LOOPBACK.test(host) || host === '::1' || extra.has(host);
}

export interface GuardOptions {
  extraHosts: Set<string>;
  /** Called for every refused request, to log it. */
  onRefused: (req: Request, status: number, reason: string) => void;
}

/** Express middleware: Host check, Origin check, CORS headers, preflight answers. */
export function loopbackGuard(options: GuardOptions) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!isAllowedHost(req.headers.host, options.extraHosts)) {
      const reason = `Host '${req.headers.host ?? ''}' is not a loopback name`;
      options.onRefused(req, 403, reason);
      res.status(403).json({ code: 7, message: reason });
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (!isAllowedOrigin(origin, options.extraHosts)) {
        const reason = `Origin '${origin}' is not allowed (only pages served from localhost)`;
        options.onRefused(req, 403, reason);
        res.status(403).json({ code: 7, message: reason });
        return;
      }
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        const requested = req.headers['access-control-request-headers'];
        res.setHeader('Access-Control-Allow-Headers', typeof requested === 'string' && requested ? requested : 'Content-Type, Content-Encoding');
        res.setHeader('Access-Control-Max-Age', '600');
        res.status(204).end();
        return;
      }
    }
    next();
  };
}
