-- Reserve ARGV amount against the team line and the user line, all or none.
-- KEYS[4] spent  HASH "team", "user:U" -> settled micro-USD of the month
-- KEYS[5] limits HASH "team", "user:U" -> the limit last checked (for the report)
-- ARGV: id, month, user, amount, ttlMs, teamLimit (-1: none), userLimit (-1: none)
-- Reply: {1, teamSpent, teamHeld, userSpent, userHeld} (held includes this reservation)
--      | {0, scope (1 team, 2 user), spent, held}
local spent, limits = KEYS[4], KEYS[5]
local id, month, user, amount, ttl = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local teamLimit, userLimit = ARGV[6], ARGV[7]
local userField = 'user:' .. user

local function num(v)
  return tonumber(v or '0')
end

local teamSpent = num(redis.call('HGET', spent, 'team'))
local teamHeld = num(redis.call('HGET', held, month .. '|team'))
local userSpent = num(redis.call('HGET', spent, userField))
local userHeld = num(redis.call('HGET', held, month .. '|' .. userField))
if redis.call('HEXISTS', resv, id) == 1 then
  return {1, teamSpent, teamHeld, userSpent, userHeld}
end
local need = tonumber(amount)
if teamLimit ~= '-1' then
  redis.call('HSET', limits, 'team', teamLimit)
end
if userLimit ~= '-1' then
  redis.call('HSET', limits, userField, userLimit)
end
if teamLimit ~= '-1' and teamSpent + teamHeld + need > tonumber(teamLimit) then
  return {0, 1, teamSpent, teamHeld}
end
if userLimit ~= '-1' and userSpent + userHeld + need > tonumber(userLimit) then
  return {0, 2, userSpent, userHeld}
end
redis.call('HSET', resv, id, month .. '|' .. user .. '|' .. amount)
redis.call('ZADD', resvExp, tostring(now + tonumber(ttl)), id)
redis.call('HINCRBY', held, month .. '|team', amount)
redis.call('HINCRBY', held, month .. '|' .. userField, amount)
return {1, teamSpent, teamHeld + need, userSpent, userHeld + need}
