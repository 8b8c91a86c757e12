import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { accountPatchSchema, sessionCreateSchema } from '../../../server/web/api/account-view.ts';
import { fillQuerySchema } from '../../../server/web/api/fill-history.ts';
import { MAX_BODY_BYTES, readJsonBody } from '../../../server/web/api/json-body.ts';
import { orderQuerySchema } from '../../../server/web/api/order-history.ts';

function post(body: string | undefined, headers: Record<string, string> = {}): Request {
  return new Request('http://127.0.0.1/api/x', { method: 'POST', body, headers });
}

async function refusal(result: Awaited<ReturnType<typeof readJsonBody>>): Promise<[number, unknown]> {
  assert.equal(result.ok, false);
  if (result.ok) throw new Error('unreachable');
  return [result.response.status, await result.response.json()];
}

describe('REST request validation', () => {
  it('reads an optional body as {} and names the bad field of a present one', async () => {
    assert.deepEqual(await readJsonBody(post(undefined), sessionCreateSchema, { isOptional: true }), { ok: true, value: {} });
    assert.deepEqual(await readJsonBody(post('{"displayName":"  Ada  "}'), sessionCreateSchema, { isOptional: true }), { ok: true, value: { displayName: 'Ada' } });
    assert.deepEqual(await readJsonBody(post('{"bearer":true}'), sessionCreateSchema, { isOptional: true }), { ok: true, value: { bearer: true } });
    assert.deepEqual(await refusal(await readJsonBody(post('{"bearer":"yes"}'), sessionCreateSchema, { isOptional: true })), [400, { error: 'bad_request', message: 'bearer: must be true or false' }]);
    assert.deepEqual(await refusal(await readJsonBody(post('{"displayName":""}'), sessionCreateSchema, { isOptional: true })), [
      400,
      { error: 'bad_request', message: 'displayName: must not be empty' },
    ]);
    assert.deepEqual(await refusal(await readJsonBody(post('{"displayName":"x","admin":true}'), sessionCreateSchema, { isOptional: true })), [
      400,
      { error: 'bad_request', message: 'body: Unrecognized key: "admin"' },
    ]);
  });

  it('refuses broken JSON, a missing required body, non-objects and oversized bodies', async () => {
    assert.deepEqual(await refusal(await readJsonBody(post('{"displayName":'), accountPatchSchema, { isOptional: false })), [400, { error: 'bad_request', message: 'body: not valid JSON' }]);
    assert.deepEqual(await refusal(await readJsonBody(post(''), accountPatchSchema, { isOptional: false })), [400, { error: 'bad_request', message: 'body: expected a JSON object' }]);
    const [status] = await refusal(await readJsonBody(post('[1,2]'), accountPatchSchema, { isOptional: false }));
    assert.equal(status, 400);
    const big = JSON.stringify({ displayName: 'x'.repeat(MAX_BODY_BYTES) });
    assert.equal((await refusal(await readJsonBody(post(big), accountPatchSchema, { isOptional: false })))[0], 413);
    // Chunked, no Content-Length: refused once the limit is passed, without reading the rest.
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        controller.enqueue(new Uint8Array(1024).fill(32));
      },
    });
    const chunked = new Request('http://127.0.0.1/api/x', { method: 'POST', body: endless, duplex: 'half' } as RequestInit);
    assert.equal((await refusal(await readJsonBody(chunked, accountPatchSchema, { isOptional: false })))[0], 413);
    assert.ok(pulls < 10, `read ${pulls} KiB`);
  });

  it('accepts display names of 1 to 40 characters without control characters', () => {
    assert.equal(accountPatchSchema.safeParse({ displayName: 'x'.repeat(40) }).success, true);
    assert.equal(accountPatchSchema.safeParse({ displayName: 'Zoë 🚀' }).success, true);
    for (const displayName of ['', '   ', 'x'.repeat(41), 'a\nb', 'a\u0000b', 42, null]) {
      assert.equal(accountPatchSchema.safeParse({ displayName }).success, false, JSON.stringify(displayName));
    }
    assert.equal(accountPatchSchema.safeParse({}).success, false);
  });

  it('validates order and fill queries: listed symbols, bounded limits, fill-id cursors', () => {
    assert.deepEqual(orderQuerySchema.parse({}), { limit: 50 });
    assert.deepEqual(orderQuerySchema.parse({ symbol: 'AAPL', limit: '10' }), { symbol: 'AAPL', limit: 10 });
    for (const query of [{ symbol: 'NOPE' }, { limit: '0' }, { limit: '201' }, { limit: '1.5' }, { limit: 'ten' }]) {
      assert.equal(orderQuerySchema.safeParse(query).success, false, JSON.stringify(query));
    }
    assert.deepEqual(fillQuerySchema.parse({ before: '12345' }), { limit: 100, before: 12345n });
    for (const before of ['0', '-1', '1e3', '99999999999999999999', '9223372036854775808']) {
      assert.equal(fillQuerySchema.safeParse({ before }).success, false, before);
    }
  });
});
