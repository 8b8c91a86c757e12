// CRC-32 (IEEE 802.3, the zlib one) with a lookup table, so it runs the same in Node and the browser.

// Signed entries keep every intermediate value a small integer for the JIT (as SheetJS crc-32 does).
const TABLE: Int32Array = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

function update(crc: number, byte: number): number {
  return (crc >>> 8) ^ (TABLE[(crc ^ byte) & 0xff] ?? 0);
}

/** CRC-32 of a string's UTF-8 bytes, as an unsigned 32-bit integer. */
export function crc32(text: string): number {
  // Checksum input is ASCII digits; anything else goes through a real UTF-8 encoding.
  if (!isAscii(text)) return crc32Bytes(new TextEncoder().encode(text));
  let crc = -1;
  for (let i = 0; i < text.length; i++) crc = update(crc, text.charCodeAt(i));
  return (crc ^ -1) >>> 0;
}

/** CRC-32 of raw bytes, as an unsigned 32-bit integer. */
export function crc32Bytes(bytes: Uint8Array): number {
  let crc = -1;
  for (const byte of bytes) crc = update(crc, byte);
  return (crc ^ -1) >>> 0;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}
