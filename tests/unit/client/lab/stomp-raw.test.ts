import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStompRaw, recordStompReceived, recordStompSent, showStompFrame, stompFrames } from '../../../../lib/client/lab/stomp-raw.ts';
import { truncate, visibleControls } from '../../../../lib/client/lab/raw-text.ts';

const CONNECTED = 'CONNECTED\nversion:1.2\nheart-beat:10000,0\nserver:Tickwire/0.1\n\n\0';
const message = (body: string): string => `MESSAGE\ndestination:/topic/index\nsubscription:sub-0\n\n${body}\0`;

describe('raw text', () => {
  it('shows NUL as ^@ and the record separator as ^^', () => {
    assert.equal(visibleControls('a\0b\x1ec'), 'a^@b^^c');
  });

  it('cuts long text with an ellipsis and leaves short text alone', () => {
    assert.equal(truncate('abc', 3), 'abc');
    assert.equal(truncate('abcd', 3), 'abc…');
  });
});

describe('STOMP frames on the wire', () => {
  it('splits a WebSocket message into its frames, dropping heart-beat EOLs between them', () => {
    assert.deepEqual(stompFrames(`\n${CONNECTED}\n\r\n${message('[]')}`), [CONNECTED, message('[]')]);
    assert.deepEqual(stompFrames('\n'), []);
  });

  it('keeps a frame cut by the end of the message', () => {
    assert.deepEqual(stompFrames('MESSAGE\ndestination:/topic/index\n\n{"a"'), ['MESSAGE\ndestination:/topic/index\n\n{"a"']);
  });

  it('shows headers whole, the body cut at 200 characters, NUL as ^@', () => {
    const body = `{"type":"index","value":"${'9'.repeat(300)}"}`;
    const shown = showStompFrame(message(body));
    assert.ok(shown.startsWith('MESSAGE\ndestination:/topic/index\nsubscription:sub-0\n\n{"type":"index"'));
    assert.ok(shown.endsWith('…^@'));
    assert.equal(shown.length, 'MESSAGE\ndestination:/topic/index\nsubscription:sub-0\n\n'.length + 200 + '…^@'.length);
    assert.equal(showStompFrame(CONNECTED), CONNECTED.replace('\0', '^@'));
  });

  it('keeps the first CONNECT sent and the first CONNECTED and MESSAGE received', () => {
    const raw = createStompRaw();
    recordStompSent(raw, 'CONNECT\naccept-version:1.2,1.1,1.0\nheart-beat:10000,10000\n\n\0');
    recordStompSent(raw, 'SUBSCRIBE\nid:sub-0\ndestination:/topic/index\n\n\0');
    recordStompReceived(raw, CONNECTED);
    recordStompReceived(raw, `${message('{"n":1}')}${message('{"n":2}')}`);
    recordStompReceived(raw, message('{"n":3}'));
    assert.equal(raw.connect, 'CONNECT\naccept-version:1.2,1.1,1.0\nheart-beat:10000,10000\n\n^@');
    assert.equal(raw.connected, CONNECTED.replace('\0', '^@'));
    assert.equal(raw.message, message('{"n":1}').replace('\0', '^@'));
  });

  it('takes a STOMP frame as the CONNECT too, and ignores frames it does not show', () => {
    const raw = createStompRaw();
    recordStompSent(raw, 'SEND\ndestination:/app/x\n\n{}\0');
    assert.equal(raw.connect, undefined);
    recordStompSent(raw, 'STOMP\naccept-version:1.2\n\n\0');
    assert.equal(raw.connect, 'STOMP\naccept-version:1.2\n\n^@');
    recordStompReceived(raw, 'RECEIPT\nreceipt-id:1\n\n\0');
    assert.deepEqual([raw.connected, raw.message], [undefined, undefined]);
  });
});
