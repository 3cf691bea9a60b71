--[[
  Records the values emitted for a customer up to an event time, never moving back: an
  instance that lost its partition (a zombie) cannot take the record back in time. The same
  asOf may be written again: late input re-evaluated at an unchanged watermark corrects it.
  With an outbox, the messages that announce the values are kept beside them until the caller
  has them acknowledged by the broker (clearOutboxes), so a crash in between cannot lose them.
  The outbox is a key of its own: a large field would turn the customer's compact hash
  (listpack) into a hashtable for good.

  KEYS[1]  customer hash (fields asOf and values, beside the history entries)
  KEYS[2]  the customer's outbox (a string)

  ARGV[1]  asOf, epoch ms
  ARGV[2]  encoded values (JSON)
  ARGV[3]  encoded outbox (outbox-codec.ts), or '' for none

  Returns  1 saved, 0 ignored (the record already holds a later asOf)
]]
local current = tonumber(redis.call('HGET', KEYS[1], 'asOf'))
local asOf = tonumber(ARGV[1])
if current ~= nil and current > asOf then
  return 0
end
redis.call('HSET', KEYS[1], 'asOf', ARGV[1], 'values', ARGV[2])
if ARGV[3] == '' then
  redis.call('DEL', KEYS[2])
else
  redis.call('SET', KEYS[2], ARGV[3])
end
return 1
