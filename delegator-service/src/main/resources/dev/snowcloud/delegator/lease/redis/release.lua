-- release: ARGV 5 id, 6 token, 7 lastTimestamp
-- -> {'RELEASED'} | {'CONFLICT'} | {'UNKNOWN_WORKER'}
ensure_pool()
reclaim_expired()
local id, token = ARGV[5], ARGV[6]
if not in_pool(id) then
  return {'UNKNOWN_WORKER'}
end

local holder = redis.call('HGET', TOKEN, id)
if holder == token then
  if redis.call('ZREM', EXPIRY, id) == 1 then
    redis.call('ZADD', FREE, int(NOW), id)
  end
  -- a lapsed lease is already free, scored by its expiry
  raise_watermark(id, tonumber(ARGV[7]))
  redis.call('HDEL', TOKEN, id)
  redis.call('HDEL', NOTBEFORE, id)
  redis.call('HDEL', LEASEDAT, id)
  redis.call('HDEL', NAME, id)
  redis.call('HDEL', HOST, id)
  redis.call('HSET', RELEASED, id, token)
  return {'RELEASED'}
end
if redis.call('HGET', RELEASED, id) == token then
  -- a retried release: already done; a later timestamp can only raise the watermark
  raise_watermark(id, tonumber(ARGV[7]))
  return {'RELEASED'}
end
return {'CONFLICT'}
