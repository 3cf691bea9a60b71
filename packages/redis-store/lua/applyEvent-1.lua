--[[
  Applies one input event to a customer's history, once.

  KEYS[1]  customer hash    (fields: event id hash -> encoded history entry, plus the
                             evaluation's asOf and values, and `money`: the sum of the
                             history's |amountMinor|)

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
-- The evaluation's two fields and the money total share the hash; they are no history entries.
local entries = redis.call('HLEN', KEYS[1])
if redis.call('HEXISTS', KEYS[1], 'asOf') == 1 then
  entries = entries - 2
end
local money = redis.call('HGET', KEYS[1], 'money')
if money then
  entries = entries - 1
end
if entries >= tonumber(ARGV[3]) then
  return -1
end
-- Compared as doubles: both sides are below 2^54, so a sum over the limit cannot round below it.
local amount = tonumber(ARGV[4])
if amount > 0 then
  if (tonumber(money) or 0) + amount > tonumber(ARGV[5]) then
    return -2
  end
  redis.call('HINCRBY', KEYS[1], 'money', amount)
end
redis.call('HSET', KEYS[1], field, ARGV[2])
return 1
