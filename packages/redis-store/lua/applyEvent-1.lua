--[[
  Applies one input event to a customer's history, once.

  KEYS[1]  customer hash    (fields: event id hash -> encoded history entry, plus the
                             evaluation's asOf and values)

  ARGV[1]  event id hash (the idempotency key)
  ARGV[2]  encoded history entry
  ARGV[3]  maximum number of history entries

  Returns  1 applied, 0 duplicate (already applied: nothing changed)
  Errors   -1 history full (nothing changed)
]]
local field = ARGV[1]
if redis.call('HEXISTS', KEYS[1], field) == 1 then
  return 0
end
-- The evaluation's two fields share the hash; they are no history entries.
local entries = redis.call('HLEN', KEYS[1])
if redis.call('HEXISTS', KEYS[1], 'asOf') == 1 then
  entries = entries - 2
end
if entries >= tonumber(ARGV[3]) then
  return -1
end
redis.call('HSET', KEYS[1], field, ARGV[2])
return 1
