-- Replace a reservation by the actual cost and write the ledger, once per reservation id.
-- KEYS[4] spent  HASH "team", "user:U" -> settled micro-USD of the month
-- KEYS[5] ledger HASH "user|target|model|{req,in,cin,out,cost,alt}" -> totals of the month
-- KEYS[6] settled marker (STRING, expires) of this reservation id
-- ARGV: id, month, user, cost, alternativeCost, inputTokens, cachedInputTokens, outputTokens, row, markerTtlSec
-- Reply: {1, teamSpent, teamHeld} | {0} when this id was settled before
local spent, ledger, marker = KEYS[4], KEYS[5], KEYS[6]
local id, month, user, cost, alt = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local row = ARGV[9]
if not redis.call('SET', marker, '1', 'NX', 'EX', ARGV[10]) then
  return {0}
end
drop(id)
local teamSpent = redis.call('HINCRBY', spent, 'team', cost)
redis.call('HINCRBY', spent, 'user:' .. user, cost)
redis.call('HINCRBY', ledger, row .. '|req', 1)
redis.call('HINCRBY', ledger, row .. '|in', ARGV[6])
redis.call('HINCRBY', ledger, row .. '|cin', ARGV[7])
redis.call('HINCRBY', ledger, row .. '|out', ARGV[8])
redis.call('HINCRBY', ledger, row .. '|cost', cost)
redis.call('HINCRBY', ledger, row .. '|alt', alt)
return {1, teamSpent, tonumber(redis.call('HGET', held, month .. '|team') or '0')}
