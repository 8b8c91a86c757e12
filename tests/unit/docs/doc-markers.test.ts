// The capture script's doc rewriter: only the text between a capture's markers changes, and a
// missing, doubled or misordered marker fails with its name rather than being skipped.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CaptureMarkerError, captureNames, fenced, replaceCapture, replaceCaptures } from '../../../scripts/capture/doc-markers.ts';

const DOC = [
  '# Transports',
  '',
  'Prose before, with trailing spaces  ',
  '',
  '<!-- capture:ws-close -->',
  '```',
  'old capture',
  '```',
  '<!-- /capture:ws-close -->',
  '',
  'Between\r\nwith a CRLF and ünïcode',
  '<!-- capture:sse -->',
  '<!-- /capture:sse -->',
  'After, no final newline',
].join('\n');

describe('capture markers in a doc', () => {
  it('replaces only the text between the markers, leaving everything else byte-identical', () => {
    const out = replaceCapture(DOC, 'ws-close', fenced('new capture\nline 2'));
    const start = DOC.indexOf('<!-- capture:ws-close -->') + '<!-- capture:ws-close -->'.length;
    const end = DOC.indexOf('<!-- /capture:ws-close -->');
    assert.equal(out, `${DOC.slice(0, start)}\n\`\`\`\nnew capture\nline 2\n\`\`\`\n${DOC.slice(end)}`);
    assert.ok(!out.includes('old capture'));
    assert.ok(Buffer.from(out).subarray(0, Buffer.byteLength(DOC.slice(0, start))).equals(Buffer.from(DOC.slice(0, start))));
    assert.ok(out.endsWith(DOC.slice(end)));
  });

  it('fills an empty section, and rewriting with the same content changes nothing', () => {
    const once = replaceCapture(DOC, 'sse', fenced('retry: 2000'));
    assert.match(once, /<!-- capture:sse -->\n```\nretry: 2000\n```\n<!-- \/capture:sse -->/);
    assert.equal(replaceCapture(once, 'sse', fenced('retry: 2000')), once);
  });

  it('fails clearly when a marker is missing, doubled or out of order', () => {
    assert.throws(() => replaceCapture(DOC, 'poll', 'x'), (e: unknown) => e instanceof CaptureMarkerError && e.message === 'the doc has no <!-- capture:poll --> marker');
    assert.throws(() => replaceCapture(DOC.replace('<!-- /capture:sse -->', ''), 'sse', 'x'), /has <!-- capture:sse --> but no <!-- \/capture:sse --> marker/);
    assert.throws(() => replaceCapture(`${DOC}\n<!-- capture:sse -->`, 'sse', 'x'), /<!-- capture:sse --> more than once/);
    assert.throws(() => replaceCapture('<!-- /capture:sse -->\n<!-- capture:sse -->', 'sse', 'x'), /<!-- \/capture:sse --> before <!-- capture:sse -->/);
    assert.throws(() => replaceCapture(DOC, 'Bad Name', 'x'), /not a capture name/);
  });

  it('replaces every capture at once and refuses a section nothing captured', () => {
    assert.deepEqual(captureNames(DOC), ['ws-close', 'sse']);
    const out = replaceCaptures(DOC, new Map([['ws-close', fenced('a')], ['sse', fenced('b')]]));
    assert.deepEqual(captureNames(out), ['ws-close', 'sse']);
    assert.throws(() => replaceCaptures(DOC, new Map([['ws-close', fenced('a')]])), /capture sections nothing captured: sse/);
    assert.throws(() => replaceCaptures(DOC, new Map([['ws-close', 'a'], ['sse', 'b'], ['poll', 'c']])), /no <!-- capture:poll --> marker/);
  });

  it('fences text with a fence longer than any backtick run inside it', () => {
    assert.equal(fenced('plain\n'), '```\nplain\n```\n');
    assert.equal(fenced('has ``` inside'), '````\nhas ``` inside\n````\n');
  });
});
