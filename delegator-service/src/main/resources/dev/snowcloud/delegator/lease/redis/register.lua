-- register: ARGV 6 token, 7 name ('' for none), 8 host ('' for none)
-- -> {'GRANTED', id, expiresAt, notBefore, maxTimestamp} | {'RECOVERING', ms left}
--    | {'EXHAUSTED', ms to earliest expiry} | {'MISMATCH', why}
local recovery_until, mismatch = ensure_pool()
if mismatch then
  return {'MISMATCH', mismatch}
end
if NOW < recovery_until then
  return {'RECOVERING', int(recovery_until - NOW)}
end
reclaim_expired()

-- the free ID whose last lease ended longest ago
local oldest = redis.call('ZRANGE', FREE, 0, 0)
if #oldest == 0 then
  local earliest = redis.call('ZRANGE', EXPIRY, 0, 0, 'WITHSCORES')
  return {'EXHAUSTED', int(tonumber(earliest[2]) - NOW)}
end
local id = oldest[1]
local not_before = watermark(id) + 1
redis.call('ZREM', FREE, id)
-- a fresh lease: the last holder's fence is in the watermark already
redis.call('HDEL', FENCE, id)
local expires_at, max_timestamp = extend(id)
redis.call('HSET', TOKEN, id, ARGV[6])
-- the previous holder's retried release must not touch the new holder's ID
redis.call('HDEL', RELEASED, id)
redis.call('HSET', NOTBEFORE, id, int(not_before))
redis.call('HSET', LEASEDAT, id, int(NOW))
if ARGV[7] ~= '' then redis.call('HSET', NAME, id, ARGV[7]) else redis.call('HDEL', NAME, id) end
if ARGV[8] ~= '' then redis.call('HSET', HOST, id, ARGV[8]) else redis.call('HDEL', HOST, id) end
return {'GRANTED', id, int(expires_at), int(not_before), int(max_timestamp)}
