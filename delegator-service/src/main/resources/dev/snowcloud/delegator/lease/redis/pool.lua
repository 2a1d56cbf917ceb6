-- pool: no extra ARGV
-- -> {size, recoveryUntil, now, then per live lease: id, expiresAt, notBefore, leasedAt, name, host}
--    | {'MISMATCH', why}
local recovery_until, mismatch = ensure_pool()
if mismatch then
  return {'MISMATCH', mismatch}
end
reclaim_expired()
local result = {int(SIZE), int(recovery_until), int(NOW)}
local leased = redis.call('ZRANGE', EXPIRY, 0, -1, 'WITHSCORES')
for i = 1, #leased, 2 do
  local id = leased[i]
  result[#result + 1] = id
  result[#result + 1] = leased[i + 1]
  result[#result + 1] = redis.call('HGET', NOTBEFORE, id)
  result[#result + 1] = redis.call('HGET', LEASEDAT, id)
  result[#result + 1] = redis.call('HGET', NAME, id)
  result[#result + 1] = redis.call('HGET', HOST, id)
end
return result
