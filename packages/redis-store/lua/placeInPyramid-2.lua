--[[
  Moves customers of one shard to the value buckets of their current value in the shard's
  pyramid sketch, and keeps the count of customers per bucket. Idempotent: a customer already
  in the bucket given is left as is, so the aggregator calls it before saving an evaluation
  (a crash in between only repeats it) and with every customer it saves (one never placed is
  placed then).

  KEYS[1]  HASH customerId -> bucket
  KEYS[2]  HASH bucket -> customers in it (a bucket with none is removed)

  ARGV     pairs of customerId, bucket; an empty bucket takes the customer out

  Returns  how many customers moved
]]
local moved = 0
for i = 1, #ARGV, 2 do
  local customer = ARGV[i]
  local bucket = ARGV[i + 1]
  local old = redis.call('HGET', KEYS[1], customer)
  if old ~= (bucket ~= '' and bucket or false) then
    if old then
      if redis.call('HINCRBY', KEYS[2], old, -1) <= 0 then
        redis.call('HDEL', KEYS[2], old)
      end
    end
    if bucket == '' then
      redis.call('HDEL', KEYS[1], customer)
    else
      redis.call('HSET', KEYS[1], customer, bucket)
      redis.call('HINCRBY', KEYS[2], bucket, 1)
    end
    moved = moved + 1
  end
end
return moved
