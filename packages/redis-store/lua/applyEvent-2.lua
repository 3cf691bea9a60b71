--[[
  Applies one input event to a customer's state, once.

  KEYS[1]  history hash     (field: event id hash, value: encoded entry)
  KEYS[2]  aggregates hash

  ARGV[1]  event id hash (the idempotency key)
  ARGV[2]  encoded history entry
  ARGV[3]  occurredAt, epoch ms
  ARGV[4]  maximum number of history entries
  ARGV[5]  "1" if the event is a sale (first/last purchase are kept), else "0"
  ARGV[6..] pairs of (aggregate field, integer increment)

  Returns  1 applied, 0 duplicate (already applied: nothing changed)
  Errors   -1 history full (nothing changed)
]]
local field = ARGV[1]
if redis.call('HEXISTS', KEYS[1], field) == 1 then
  return 0
end
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then
  return -1
end
redis.call('HSET', KEYS[1], field, ARGV[2])

local at = tonumber(ARGV[3])
if ARGV[5] == '1' then
  local first = tonumber(redis.call('HGET', KEYS[2], 'firstSaleAt'))
  if first == nil or at < first then redis.call('HSET', KEYS[2], 'firstSaleAt', ARGV[3]) end
  local last = tonumber(redis.call('HGET', KEYS[2], 'lastSaleAt'))
  if last == nil or at > last then redis.call('HSET', KEYS[2], 'lastSaleAt', ARGV[3]) end
end
local lastEvent = tonumber(redis.call('HGET', KEYS[2], 'lastEventAt'))
if lastEvent == nil or at > lastEvent then redis.call('HSET', KEYS[2], 'lastEventAt', ARGV[3]) end

for i = 6, #ARGV, 2 do
  redis.call('HINCRBY', KEYS[2], ARGV[i], ARGV[i + 1])
end
return 1
