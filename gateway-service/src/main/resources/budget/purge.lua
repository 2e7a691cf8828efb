-- Shared head of every budget script: drop reservations past their TTL (by Redis server time).
-- KEYS[1] resv    HASH  id -> "YYYY-MM|user|amount"   (one hash per team: {team:T})
-- KEYS[2] resvExp ZSET  id scored by expiry, ms since epoch
-- KEYS[3] held    HASH  "YYYY-MM|team" and "YYYY-MM|user:U" -> micro-USD held by reservations
-- Amounts travel as decimal strings end to end, never through Lua's number-to-string conversion.
local resv, resvExp, held = KEYS[1], KEYS[2], KEYS[3]
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)

local function unhold(field, amount)
  if redis.call('HINCRBY', held, field, '-' .. amount) <= 0 then
    redis.call('HDEL', held, field)
  end
end

local function drop(id)
  local v = redis.call('HGET', resv, id)
  redis.call('ZREM', resvExp, id)
  if not v then
    return false
  end
  local month, user, amount = string.match(v, '^([^|]+)|([^|]+)|(%d+)$')
  unhold(month .. '|team', amount)
  unhold(month .. '|user:' .. user, amount)
  redis.call('HDEL', resv, id)
  return true
end

for _, id in ipairs(redis.call('ZRANGEBYSCORE', resvExp, '-inf', now, 'LIMIT', 0, 1000)) do
  drop(id)
end
