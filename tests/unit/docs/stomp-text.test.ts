// The STOMP capture's two text helpers: a frame written as STOMP 1.2 lays it out, and the commands
// read back from one WebSocket message that may hold several frames and heart-beats.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stompCommands, stompFrame } from '../../../scripts/capture/capture-stomp.ts';

describe('STOMP text in the captures', () => {
  it('writes the command, one header a line, a blank line, the body and the NUL', () => {
    assert.equal(stompFrame('SUBSCRIBE', { id: 'sub-0', destination: '/topic/index' }), 'SUBSCRIBE\nid:sub-0\ndestination:/topic/index\n\n\0');
    assert.equal(stompFrame('SEND', { destination: '/app/order.cancel' }, '{"orderId":"o1"}'), 'SEND\ndestination:/app/order.cancel\n\n{"orderId":"o1"}\0');
  });

  it('reads every command in a message, skipping heart-beats between and after frames, with LF or CRLF line ends', () => {
    const message = `${stompFrame('RECEIPT', { 'receipt-id': 'r1' })}\n${stompFrame('MESSAGE', { subscription: 'sub-0' }, '{}')}\n\n`;
    assert.deepEqual(stompCommands(message), ['RECEIPT', 'MESSAGE']);
    assert.deepEqual(stompCommands('\n'), []);
    assert.deepEqual(stompCommands('CONNECTED\r\nversion:1.2\r\n\r\n\0'), ['CONNECTED']);
  });
});
