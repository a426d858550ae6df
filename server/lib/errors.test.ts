import { describe, expect, it } from 'vitest';
import { createTestOrg, useTestApp } from '../test/fixtures.ts';

const env = useTestApp();

describe('fastify refusals', () => {
  it('answer malformed, oversized and unsupported bodies with their own code, in the user’s language', async () => {
    const org = await createTestOrg(env);
    const csrf = org.admin.cookies.kehu_csrf!;
    const cookie = Object.entries(org.admin.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    const send = (payload: string, contentType: string, lang = 'zh-CN') =>
      env.app.inject({
        method: 'POST',
        url: '/api/v1/dictionary',
        payload,
        headers: { cookie, 'x-csrf-token': csrf, 'content-type': contentType, 'accept-language': lang },
      });

    const malformed = await send('{"dictType":', 'application/json');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error).toEqual({ code: 'bad_request', message: '请求格式有误' });

    const unsupported = await send('x', 'application/x-unknown', 'en-US');
    expect(unsupported.statusCode).toBe(415);
    expect(unsupported.json().error).toEqual({ code: 'unsupported_media_type', message: 'Unsupported content type' });

    const huge = await send(JSON.stringify({ text: 'x'.repeat(6 * 1024 * 1024) }), 'application/json');
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('payload_too_large');
  });
});
