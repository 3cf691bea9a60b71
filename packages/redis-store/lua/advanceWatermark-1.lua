--[[
  Moves a shard's watermark forward, never back.

  KEYS[1]  shard watermark hash

  ARGV[1]  proposed watermark, epoch ms

  Returns  the watermark in force after the call
]]
local current = tonumber(redis.call('HGET', KEYS[1], 'watermark'))
local proposed = tonumber(ARGV[1])
if current ~= nil and current >= proposed then
  return current
end
redis.call('HSET', KEYS[1], 'watermark', ARGV[1])
return proposed
