import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { httpOriginOf } from '../../../../lib/client/lab/gateway-origin.ts';
import {
  MAX_LINES,
  createSocketIoRaw,
  enginePackets,
  isComplete,
  recordEnginePayload,
  recordEngineRequest,
  showWireLine,
} from '../../../../lib/client/lab/socketio-raw.ts';

const OPEN = '0{"sid":"n1-abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';
const index = (n: number): string => `42["index",{"type":"index","id":"1-${n}","ts":1}]`;

describe('the gateway origin for Socket.IO', () => {
  it('maps ws(s) to http(s) and keeps host and port', () => {
    assert.equal(httpOriginOf('ws://localhost:3001/ws'), 'http://localhost:3001');
    assert.equal(httpOriginOf('wss://gw.example.test/ws'), 'https://gw.example.test');
    assert.equal(httpOriginOf('https://gw.example.test:8443/ws'), 'https://gw.example.test:8443');
  });
});

describe('Engine.IO packets on the wire', () => {
  it('splits a polling payload at the record separator; a WebSocket message is one packet', () => {
    assert.deepEqual(enginePackets('polling', `40{"sid":"x"}\x1e${index(1)}`), ['40{"sid":"x"}', index(1)]);
    assert.deepEqual(enginePackets('websocket', '3probe'), ['3probe']);
  });

  it('logs the handshake, the probe and upgrade, and one index event, then stops', () => {
    const raw = createSocketIoRaw();
    recordEngineRequest(raw, 'polling', 'GET', '/socket.io/?EIO=4&transport=polling');
    recordEnginePayload(raw, 'received', 'polling', OPEN);
    recordEnginePayload(raw, 'sent', 'polling', '40');
    recordEnginePayload(raw, 'received', 'polling', `40{"sid":"s1"}\x1e${index(1)}\x1e${index(2)}\x1e2`);
    recordEngineRequest(raw, 'websocket', 'GET', '/socket.io/?EIO=4&transport=websocket&sid=n1-abc');
    recordEnginePayload(raw, 'sent', 'websocket', '2probe');
    recordEnginePayload(raw, 'received', 'websocket', '3probe');
    assert.equal(isComplete(raw), false);
    recordEnginePayload(raw, 'sent', 'websocket', '5');
    assert.equal(isComplete(raw), true);
    recordEnginePayload(raw, 'received', 'websocket', index(3));
    recordEngineRequest(raw, 'polling', 'GET', '/late');
    assert.deepEqual(
      raw.lines.map(showWireLine),
      [
        'GET /socket.io/?EIO=4&transport=polling',
        `  ← poll ${OPEN}`,
        '  → poll 40',
        '  ← poll 40{"sid":"s1"}',
        `  ← poll ${index(1)}`,
        'GET /socket.io/?EIO=4&transport=websocket&sid=n1-abc  (Upgrade: websocket)',
        '  → ws   2probe',
        '  ← ws   3probe',
        '  → ws   5',
      ],
    );
  });

  it('caps the log, and keeps the last tw.closed whenever it comes', () => {
    const raw = createSocketIoRaw();
    for (let n = 0; n < MAX_LINES + 5; n += 1) recordEnginePayload(raw, 'received', 'polling', `42["hello",${n}]`);
    assert.equal(raw.lines.length, MAX_LINES);
    recordEnginePayload(raw, 'received', 'websocket', '42["tw.closed",{"code":1012,"reason":"lab drop"}]');
    assert.equal(raw.closed, '42["tw.closed",{"code":1012,"reason":"lab drop"}]');
    assert.equal(raw.lines.length, MAX_LINES);
  });

  it('cuts a long packet at 200 characters', () => {
    const raw = createSocketIoRaw();
    recordEnginePayload(raw, 'received', 'websocket', `42["index",${'"x",'.repeat(100)}1]`);
    const [line] = raw.lines.map(showWireLine);
    assert.equal(line?.length, '  ← ws   '.length + 201);
    assert.ok(line?.endsWith('…'));
  });
});
