-- pool: no extra ARGV
-- -> {size, recoveryUntil, now, then per live or lapsed lease: id, expiresAt, notBefore, leasedAt, name, host, state}
--    | {'MISMATCH', why}
-- state is 'leased', or 'lapsed' for a lease that expired unreleased and whose ID nobody took
-- since (its token is still kept, so it may renew); never a token.
local recovery_until, mismatch = ensure_pool()
if mismatch then
  return {'MISMATCH', mismatch}
end
reclaim_expired()
local result = {int(SIZE), int(recovery_until), int(NOW)}
local function add(id, expires_at, state)
  result[#result + 1] = id
  result[#result + 1] = expires_at
  result[#result + 1] = redis.call('HGET', NOTBEFORE, id)
  result[#result + 1] = redis.call('HGET', LEASEDAT, id)
  result[#result + 1] = redis.call('HGET', NAME, id)
  result[#result + 1] = redis.call('HGET', HOST, id)
  result[#result + 1] = state
end
local leased = redis.call('ZRANGE', EXPIRY, 0, -1, 'WITHSCORES')
for i = 1, #leased, 2 do
  add(leased[i], leased[i + 1], 'leased')
end
for _, id in ipairs(redis.call('HKEYS', TOKEN)) do
  if not redis.call('ZSCORE', EXPIRY, id) then
    -- a lapsed lease stays in the free set, scored by when it expired
    local expired_at = redis.call('ZSCORE', FREE, id)
    if expired_at then
      add(id, expired_at, 'lapsed')
    end
  end
end
return result
