-- worker: ARGV 6 id
-- -> {'LEASED', expiresAt, notBefore, leasedAt, name, host} | {'FREE', next notBefore} | {'UNKNOWN_WORKER'}
--    | {'MISMATCH', why}
local _, mismatch = ensure_pool()
if mismatch then
  return {'MISMATCH', mismatch}
end
reclaim_expired()
local id = ARGV[6]
if not in_pool(id) then
  return {'UNKNOWN_WORKER'}
end
local expires_at = redis.call('ZSCORE', EXPIRY, id)
if expires_at then
  return {'LEASED', expires_at, redis.call('HGET', NOTBEFORE, id), redis.call('HGET', LEASEDAT, id),
          redis.call('HGET', NAME, id), redis.call('HGET', HOST, id)}
end
return {'FREE', int(watermark(id) + 1)}
