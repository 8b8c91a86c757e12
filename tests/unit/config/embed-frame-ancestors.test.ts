// EMBED_FRAME_ANCESTORS: who may frame the ticker widget, validated as CSP sources at start.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../../lib/config.ts';

describe('EMBED_FRAME_ANCESTORS', () => {
  it('lets any site frame the widget by default', () => {
    assert.equal(loadConfig('all', {}).embedFrameAncestors, '*');
  });

  it('accepts CSP sources separated by spaces or commas and normalises them', () => {
    const env = { EMBED_FRAME_ANCESTORS: "https://example.com, https://*.partner.org:8443  'self' http://localhost:3000 https:" };
    assert.equal(loadConfig('all', env).embedFrameAncestors, "https://example.com https://*.partner.org:8443 'self' http://localhost:3000 https:");
    assert.equal(loadConfig('all', { EMBED_FRAME_ANCESTORS: "'none'" }).embedFrameAncestors, "'none'");
  });

  it('refuses anything that could break out of the header, in one line naming the variable', () => {
    for (const value of ['https://a.com; script-src *', '"https://a.com"', "'none' https://a.com", ' ', 'https://a.com\r\nSet-Cookie: x=1']) {
      assert.throws(() => loadConfig('all', { EMBED_FRAME_ANCESTORS: value }), (error: unknown) => {
        assert.ok(error instanceof ConfigError, value);
        assert.match(error.message, /^Invalid configuration: EMBED_FRAME_ANCESTORS /);
        return true;
      });
    }
  });
});
