// Subscribes to a Redis channel pattern and prints how many book deltas arrived whenever asked on stdin
// (a message may carry several deltas as a JSON array).
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';

const [url = 'redis://127.0.0.1:6379', pattern = '*'] = process.argv.slice(2);
const redis = new Redis(url);
let count = 0;
const MARKER = '"type":"book.delta"';
redis.on('pmessage', (_pattern: string, _channel: string, message: string) => {
  for (let at = message.indexOf(MARKER); at >= 0; at = message.indexOf(MARKER, at + 1)) count++;
});
await redis.psubscribe(pattern);
process.stdout.write('ready\n');
createInterface({ input: process.stdin }).on('line', () => process.stdout.write(`${count}\n`));
process.stdin.on('end', () => process.exit(0));
