// The Socket.IO capture's packet reading: a long-polling payload split at Engine.IO 4's record
// separator, and the few words naming each packet, on packets written by hand from the Engine.IO 4
// and Socket.IO 4 protocol documents.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describePacket, payloadPackets, showPayload } from '../../../scripts/capture/engine-io-packets.ts';

describe('Engine.IO and Socket.IO packets in the captures', () => {
  it('splits a polling payload at the record separator, and shows the separator as ␞', () => {
    const payload = '40{"sid":"abc"}\x1e42["hello",{"type":"hello"}]';
    assert.deepEqual(payloadPackets(payload), ['40{"sid":"abc"}', '42["hello",{"type":"hello"}]']);
    assert.deepEqual(payloadPackets('6'), ['6']);
    assert.deepEqual(payloadPackets(''), []);
    assert.equal(showPayload(payload), '40{"sid":"abc"}␞42["hello",{"type":"hello"}]');
    assert.equal(showPayload('ok'), 'ok');
  });

  it('names the Engine.IO packets, probes included', () => {
    assert.equal(describePacket('0{"sid":"n1.x","upgrades":["websocket"]}'), 'Engine.IO open');
    assert.equal(describePacket('2probe'), 'Engine.IO ping "probe"');
    assert.equal(describePacket('3probe'), 'Engine.IO pong "probe"');
    assert.equal(describePacket('2'), 'Engine.IO ping');
    assert.equal(describePacket('3'), 'Engine.IO pong');
    assert.equal(describePacket('5'), 'Engine.IO upgrade');
    assert.equal(describePacket('6'), 'Engine.IO noop');
    assert.equal(describePacket('1'), 'Engine.IO close');
    assert.equal(describePacket('ok'), 'not an Engine.IO packet (type "o")');
  });

  it('names the Socket.IO packets inside Engine.IO messages: events with their name and ack id, acks, namespaces', () => {
    assert.equal(describePacket('40'), 'Socket.IO connect');
    assert.equal(describePacket('40{"sid":"pS1ppFFxJaSrw4qYAAAA"}'), 'Socket.IO connect');
    assert.equal(describePacket('41'), 'Socket.IO disconnect');
    assert.equal(describePacket('42["index",{"type":"index"}]'), 'Socket.IO event "index"');
    assert.equal(describePacket('420["subscribe",{"channel":"index"}]'), 'Socket.IO event "subscribe" asking for ack 0');
    assert.equal(describePacket('4217["subscribe",{}]'), 'Socket.IO event "subscribe" asking for ack 17');
    assert.equal(describePacket('430[{"ok":true}]'), 'Socket.IO ack 0');
    assert.equal(describePacket('42/admin,3["x"]'), 'Socket.IO event "x" asking for ack 3, namespace /admin');
    assert.equal(describePacket('44{"message":"origin"}'), 'Socket.IO connect error');
    assert.equal(describePacket('451-["upload",{"_placeholder":true,"num":0}]'), 'Socket.IO binary event "upload"');
    assert.equal(describePacket('4x'), 'Engine.IO message (not a Socket.IO packet)');
  });
});
