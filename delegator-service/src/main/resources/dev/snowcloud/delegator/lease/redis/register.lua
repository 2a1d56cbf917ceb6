-- register: ARGV 5 token, 6 name ('' for none), 7 host ('' for none)
-- -> {'GRANTED', id, expiresAt, notBefore} | {'RECOVERING', ms left} | {'EXHAUSTED', ms to earliest expiry}
local recovery_until = ensure_pool()
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
local expires_at = NOW + TTL
redis.call('ZREM', FREE, id)
redis.call('ZADD', EXPIRY, int(expires_at), id)
redis.call('HSET', TOKEN, id, ARGV[5])
-- the previous holder's retried release must not touch the new holder's ID
redis.call('HDEL', RELEASED, id)
redis.call('HSET', NOTBEFORE, id, int(not_before))
redis.call('HSET', LEASEDAT, id, int(NOW))
if ARGV[6] ~= '' then redis.call('HSET', NAME, id, ARGV[6]) else redis.call('HDEL', NAME, id) end
if ARGV[7] ~= '' then redis.call('HSET', HOST, id, ARGV[7]) else redis.call('HDEL', HOST, id) end
return {'GRANTED', id, int(expires_at), int(not_before)}
