--[[
  Applies one input event to a customer's history, once.

  KEYS[1]  customer hash    (fields: event id hash -> encoded history entry, plus the
                             evaluation's asOf and values, `n`: the number of entries, and
                             `money`: the sum of the history's |amountMinor|)

  ARGV[1]  event id hash (the idempotency key)
  ARGV[2]  encoded history entry
  ARGV[3]  maximum number of history entries
  ARGV[4]  the event's |amountMinor| (0 for events without money)
  ARGV[5]  the largest `money` allowed (2^53 - 1: every sum of the history's amounts, which
           the rules compute as JavaScript numbers, then stays an exact integer)

  Returns  1 applied, 0 duplicate (already applied: nothing changed)
  Errors   -1 history full, -2 money total out of range (nothing changed)
]]
local field = ARGV[1]
if redis.call('HEXISTS', KEYS[1], field) == 1 then
  return 0
end
local meta = redis.call('HMGET', KEYS[1], 'n', 'money')
local entries = tonumber(meta[1])
local money = tonumber(meta[2]) or 0
if entries == nil then
  -- A hash without `n` (a new customer, or one written before it was kept): count once.
  entries = redis.call('HLEN', KEYS[1])
  for _, other in ipairs({ 'asOf', 'values', 'money' }) do
    entries = entries - redis.call('HEXISTS', KEYS[1], other)
  end
end
if entries >= tonumber(ARGV[3]) then
  return -1
end
local amount = tonumber(ARGV[4])
if amount > 0 then
  if money + amount > tonumber(ARGV[5]) then
    return -2
  end
  redis.call('HINCRBY', KEYS[1], 'money', amount)
end
redis.call('HSET', KEYS[1], field, ARGV[2], 'n', entries + 1)
return 1
