-- release: ARGV 6 id, 7 token, 8 lastTimestamp
-- -> {'RELEASED'} | {'CONFLICT'} | {'UNKNOWN_WORKER'} | {'MISMATCH', why}
local _, mismatch = ensure_pool()
if mismatch then
  return {'MISMATCH', mismatch}
end
reclaim_expired()
local id, token = ARGV[6], ARGV[7]
if not in_pool(id) then
  return {'UNKNOWN_WORKER'}
end

local holder = redis.call('HGET', TOKEN, id)
if holder == token then
  if redis.call('ZREM', EXPIRY, id) == 1 then
    redis.call('ZADD', FREE, int(NOW), id)
  end
  -- a lapsed lease is already free, scored by its expiry
  raise_watermark(id, tonumber(ARGV[8]))
  redis.call('HDEL', TOKEN, id)
  -- the holder stopped and reported its last timestamp, which the watermark now covers
  redis.call('HDEL', FENCE, id)
  redis.call('HDEL', NOTBEFORE, id)
  redis.call('HDEL', LEASEDAT, id)
  redis.call('HDEL', NAME, id)
  redis.call('HDEL', HOST, id)
  redis.call('HSET', RELEASED, id, token)
  return {'RELEASED'}
end
if redis.call('HGET', RELEASED, id) == token then
  -- a retried release: already done; a later timestamp can only raise the watermark
  raise_watermark(id, tonumber(ARGV[8]))
  return {'RELEASED'}
end
return {'CONFLICT'}
