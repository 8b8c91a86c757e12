// Queue streams grow with every enqueue; this removes the entries no group can need again.
import type { RedisClient } from './redis-connections.ts';

// One script, so no group can be created, read or acknowledge between looking at the groups and trimming.
// The bound is the smallest of each group's oldest pending id and the id just after its last-delivered-id:
// XTRIM MINID removes only ids below it, i.e. entries every group has both received and acknowledged.
// Ids compare as decimal strings (exact at any size); past 2^53 a sequence cannot be incremented exactly in Lua,
// so the bound then stays at the delivered id, which keeps one entry more.
const TRIM_ACKNOWLEDGED = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local function less(a, b)
  if #a ~= #b then return #a < #b end
  return a < b
end
local bound, boundMs, boundSeq
local function consider(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  if ms and (bound == nil or less(ms, boundMs) or (ms == boundMs and less(seq, boundSeq))) then
    bound, boundMs, boundSeq = id, ms, seq
  end
end
local function after(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  if seq and tonumber(seq) < 9007199254740991 then return ms .. '-' .. string.format('%.0f', tonumber(seq) + 1) end
  return id
end
local groups = redis.call('XINFO', 'GROUPS', KEYS[1])
for _, group in ipairs(groups) do
  local fields = {}
  for i = 1, #group, 2 do fields[group[i]] = group[i + 1] end
  consider(after(fields['last-delivered-id']))
  if fields['pending'] > 0 then
    local oldest = redis.call('XPENDING', KEYS[1], fields['name'])[2]
    if oldest then consider(oldest) end
  end
end
if bound == nil then return 0 end
return redis.call('XTRIM', KEYS[1], 'MINID', bound)`;

/** Removes the queue entries every group has received and acknowledged; resolves to how many went. */
export async function trimAcknowledged(command: RedisClient, key: string): Promise<number> {
  const removed: unknown = await command.eval(TRIM_ACKNOWLEDGED, 1, key);
  return typeof removed === 'number' ? removed : 0;
}
