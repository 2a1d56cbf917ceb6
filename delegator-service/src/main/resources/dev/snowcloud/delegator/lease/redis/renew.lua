-- renew: ARGV 5 id, 6 token, 7 lastTimestamp ('' when not reported)
-- -> {'RENEWED', expiresAt, notBefore, reclaimed 0|1} | {'CONFLICT'} | {'UNKNOWN_WORKER'}
local recovery_until = ensure_pool()
reclaim_expired()
local id, token = ARGV[5], ARGV[6]
if not in_pool(id) then
  return {'UNKNOWN_WORKER'}
end

local holder = redis.call('HGET', TOKEN, id)
local reclaimed = 0
if holder == token then
  -- live: extend it; lapsed but nobody took the ID: take it back
  redis.call('ZREM', FREE, id)
elseif not holder and NOW < recovery_until and redis.call('HGET', RELEASED, id) ~= token then
  -- The pool was lost and nobody holds this ID: the token's owner was most likely holding
  -- it when the pool went, and gets it back before registrations resume.
  redis.call('ZREM', FREE, id)
  redis.call('HSET', TOKEN, id, token)
  local informational = NOW
  if ARGV[7] ~= '' then informational = tonumber(ARGV[7]) + 1 end
  redis.call('HSET', NOTBEFORE, id, int(informational))
  redis.call('HSET', LEASEDAT, id, int(NOW))
  redis.call('HDEL', NAME, id)
  redis.call('HDEL', HOST, id)
  reclaimed = 1
else
  return {'CONFLICT'}
end

if ARGV[7] ~= '' then
  raise_watermark(id, tonumber(ARGV[7]))
end
local expires_at = NOW + TTL
redis.call('ZADD', EXPIRY, int(expires_at), id)
return {'RENEWED', int(expires_at), redis.call('HGET', NOTBEFORE, id), reclaimed}
