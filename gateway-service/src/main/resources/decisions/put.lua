-- Keeps one decision record and enforces the retention bounds, atomically.
-- KEYS[1] hash request id -> record JSON; KEYS[2] sorted set request id by store time (ms). One hash tag: one slot.
-- ARGV[1] request id, ARGV[2] record JSON, ARGV[3] now (ms), ARGV[4] max entries, ARGV[5] max age (ms)
local now = tonumber(ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], now, ARGV[1])
local dropped = 0
-- bounded work per write: an idle spell leaves at most a few pages of expired entries, each write clears one
local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. (now - tonumber(ARGV[5])), 'LIMIT', 0, 500)
for _, id in ipairs(old) do
  redis.call('HDEL', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
  dropped = dropped + 1
end
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if over > 0 then
  local ids = redis.call('ZRANGE', KEYS[2], 0, over - 1)
  for _, id in ipairs(ids) do
    redis.call('HDEL', KEYS[1], id)
  end
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, over - 1)
  dropped = dropped + over
end
return { dropped }
