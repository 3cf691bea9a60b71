--[[
  Records the values emitted for a customer up to an event time, only moving forward: an
  instance that lost its partition (a zombie) cannot take the record back in time.

  KEYS[1]  customer hash (fields asOf and values, beside the history entries)

  ARGV[1]  asOf, epoch ms
  ARGV[2]  encoded values (JSON)

  Returns  1 saved, 0 ignored (the record already holds a later or equal asOf)
]]
local current = tonumber(redis.call('HGET', KEYS[1], 'asOf'))
local asOf = tonumber(ARGV[1])
if current ~= nil and current >= asOf then
  return 0
end
redis.call('HSET', KEYS[1], 'asOf', ARGV[1], 'values', ARGV[2])
return 1
