import type { FastifyInstance, InjectOptions } from 'fastify';

/**
 * A signed-in caller of the app's own API, in-process (`app.inject`): the demo data and the benchmark go through
 * the same validation, permission checks, audit and derived fields as a user in the browser.
 */
export class ApiClient {
  private cookies: Record<string, string> = {};
  constructor(readonly app: FastifyInstance) {}

  async request<T = unknown>(method: InjectOptions['method'], url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const res = await this.raw(method, url, body, headers);
    if (res.statusCode >= 400) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body.slice(0, 500)}`);
    return (res.body ? res.json() : undefined) as T;
  }

  /** The answer as it came, for callers that time it or look at the status themselves. */
  async raw(method: InjectOptions['method'], url: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await this.app.inject({
      method,
      url,
      payload: body as InjectOptions['payload'],
      headers: {
        'accept-language': 'zh-CN',
        ...(Object.keys(this.cookies).length ? { cookie: Object.entries(this.cookies).map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(this.cookies.kehu_csrf ? { 'x-csrf-token': this.cookies.kehu_csrf } : {}),
        ...headers,
      },
    });
    for (const c of res.cookies) this.cookies[c.name] = c.value;
    return res;
  }

  get = <T = unknown>(url: string) => this.request<T>('GET', url);
  post = <T = unknown>(url: string, body: unknown = {}) => this.request<T>('POST', url, body);
  put = <T = unknown>(url: string, body: unknown = {}) => this.request<T>('PUT', url, body);

  static async signIn(app: FastifyInstance, orgCode: string, username: string, password: string): Promise<ApiClient> {
    const client = new ApiClient(app);
    await client.post('/api/v1/auth/login', { identifier: username, orgCode, password });
    return client;
  }
}
