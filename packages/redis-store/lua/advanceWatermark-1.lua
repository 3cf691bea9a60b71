--[[
  Moves a shard's watermark forward, never back, and records the greatest event time the
  shard's input reached (also only forward), from which a new owner of the shard resumes.

  KEYS[1]  shard watermark hash (fields watermark, reached)

  ARGV[1]  proposed watermark, epoch ms
  ARGV[2]  event time the input reached, epoch ms, or '' if not known

  Returns  the watermark in force after the call
]]
local reached = tonumber(ARGV[2])
if reached ~= nil then
  local known = tonumber(redis.call('HGET', KEYS[1], 'reached'))
  if known == nil or reached > known then
    redis.call('HSET', KEYS[1], 'reached', ARGV[2])
  end
end
local current = tonumber(redis.call('HGET', KEYS[1], 'watermark'))
local proposed = tonumber(ARGV[1])
if current ~= nil and current >= proposed then
  return current
end
redis.call('HSET', KEYS[1], 'watermark', ARGV[1])
return proposed
