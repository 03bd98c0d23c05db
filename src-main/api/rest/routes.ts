// What the REST routers share: the response shape, plain and JSON answers, and the method check
// that tells a wrong method (405, with the methods that would work) from an unknown path (404).
import { stringifyCodexJson } from './codex-json';

/** What the transport sends back. */
export interface RestResponse {
  status: number;
  contentType?: string;
  body: string;
  /** Extra headers, such as Allow on a 405. */
  headers?: Record<string, string>;
}

/** A JSON answer in Codex's conventions. */
export const json = (status: number, value: unknown): RestResponse => ({
  status,
  contentType: 'application/json',
  body: stringifyCodexJson(value),
});

/** A plain-text answer (Codex's error bodies are plain text). */
export const text = (status: number, body: string): RestResponse => ({ status, contentType: 'text/plain', body });

/** Path template → the methods it answers. HEAD is served wherever GET is (the transport drops the body). */
export type RouteTable = Readonly<Record<string, readonly string[]>>;

/** undefined when `method` may go ahead; else the 404 or 405 to send. */
export function checkMethod(
  table: RouteTable,
  template: string,
  method: string,
  prefix: string,
): RestResponse | undefined {
  const methods = table[template];
  if (!methods) return text(404, `No route ${method} ${prefix}${template}`);
  if (methods.includes(method)) return undefined;
  const allow = methods.includes('GET') ? [...methods, 'HEAD'] : methods;
  return {
    ...text(405, `${method} is not allowed on ${prefix}${template}; use ${allow.join(' or ')}`),
    headers: { Allow: allow.join(', ') },
  };
}
