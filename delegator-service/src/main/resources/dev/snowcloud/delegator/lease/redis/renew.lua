-- renew: ARGV 6 id, 7 token, 8 lastTimestamp ('' when not reported)
-- -> {'RENEWED', expiresAt, notBefore, reclaimed 0|1, maxTimestamp} | {'CONFLICT'} | {'UNKNOWN_WORKER'}
--    | {'MISMATCH', why}
local recovery_until, mismatch = ensure_pool()
if mismatch then
  return {'MISMATCH', mismatch}
end
reclaim_expired()
local id, token = ARGV[6], ARGV[7]
if not in_pool(id) then
  return {'UNKNOWN_WORKER'}
end

local holder = redis.call('HGET', TOKEN, id)
local reclaimed = 0
if holder == token then
  if redis.call('ZREM', FREE, id) == 1 then
    -- Lapsed, and nobody took the ID that this store knows of. After a new Redis run a grant
    -- to someone else may have been lost, so the holder starts again above the watermark, as
    -- a new holder would: it already covers this lease's fence and every lost grant.
    redis.call('HSET', NOTBEFORE, id, int(watermark(id) + 1))
  end
elseif not holder and NOW < recovery_until and redis.call('HGET', RELEASED, id) ~= token then
  -- The pool was lost and nobody holds this ID: the token's owner was most likely holding
  -- it when the pool went, and gets it back before registrations resume.
  redis.call('ZREM', FREE, id)
  redis.call('HSET', TOKEN, id, token)
  local informational = NOW
  if ARGV[8] ~= '' then informational = tonumber(ARGV[8]) + 1 end
  redis.call('HSET', NOTBEFORE, id, int(informational))
  redis.call('HSET', LEASEDAT, id, int(NOW))
  redis.call('HDEL', NAME, id)
  redis.call('HDEL', HOST, id)
  reclaimed = 1
else
  return {'CONFLICT'}
end

if ARGV[8] ~= '' then
  raise_watermark(id, tonumber(ARGV[8]))
end
local expires_at, max_timestamp = extend(id)
return {'RENEWED', int(expires_at), redis.call('HGET', NOTBEFORE, id), reclaimed, int(max_timestamp)}
