-- Shared head of every lease script (RedisLeaseScripts prepends it to each one).
--
-- KEYS, all under one hash tag {snowcloud:<namespace>} so that each script runs on one
-- Redis Cluster slot:
--   1 meta       hash  size, createdAt, recoveryUntil (ms), runId and runSince (the Redis run that
--                      last wrote the pool, 'run_id/master_replid', and since when); its absence
--                      means "pool lost".
--                      Also one field per set of replica settings in use,
--                      'replica:<ttl ms>:<skew ms>:<recovery ms>' -> until when it counts (ms)
--   2 free       zset  free worker IDs, score = when the ID's last lease ended (ms)
--   3 expiry     zset  leased worker IDs, score = when the lease expires (ms)
--   4 token      hash  id -> token of the live lease, or of the lapsed one nobody took yet
--   5 released   hash  id -> token of the lease last released on that ID
--   6 watermark  hash  id -> the last timestamp (ms) any past holder could have issued
--   7 notbefore  hash  id -> notBefore of the current (or lapsed) lease
--   8 leasedat   hash  id -> when the current lease was granted or re-claimed (ms)
--   9 name       hash  id -> registered name of the holder
--  10 host       hash  id -> registered host of the holder
--  11 fence      hash  id -> the highest maxTimestamp granted to the current (or lapsed) lease
-- ARGV: 1 lease ttl (ms), 2 max clock skew (ms), 3 recovery period (ms), 4 pool size,
--       5 '1' when this replica may join a pool whose replicas' settings conflict, 'C' when its
--         last call was refused for a conflict (then it does not re-create a missing pool), else '0';
--       6.. per script
--
-- Redis TIME is the only clock. Numbers are written with int() so that millisecond values
-- never turn into floating-point notation.

local META, FREE, EXPIRY, TOKEN, RELEASED = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local WATERMARK, NOTBEFORE, LEASEDAT, NAME, HOST = KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10]
local FENCE = KEYS[11]
local TTL = tonumber(ARGV[1])
local SKEW = tonumber(ARGV[2])
local RECOVERY = tonumber(ARGV[3])
local SIZE = tonumber(ARGV[4])
local ALLOW_MISMATCH = ARGV[5] == '1'
local CONFLICTED = ARGV[5] == 'C'

local function int(x)
  return string.format('%.0f', x)
end

local function read_now()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local NOW = read_now()

local function watermark(id)
  return tonumber(redis.call('HGET', WATERMARK, id) or '0')
end

local function raise_watermark(id, value)
  if value > watermark(id) then
    redis.call('HSET', WATERMARK, id, int(value))
  end
end

-- The identity of this Redis run: the process's run_id, which changes with every restart, and
-- its replication ID, which changes with every promotion. A master that was a replica for a
-- while and is promoted again keeps its run_id, but took the other side's data, which may lack
-- writes it acknowledged before.
local function run_id()
  local run = string.match(redis.call('INFO', 'server'), 'run_id:(%x+)')
  local replid = string.match(redis.call('INFO', 'replication'), 'master_replid:(%x+)')
  if replid then
    return run .. '/' .. replid
  end
  return run
end

-- Returns recoveryUntil. A missing meta key means the pool is gone (first start, or a Redis
-- that restarted empty): re-create it here, atomically, so every replica sees the same
-- pool and the same end of recovery. Nothing is known of past holders, so every ID's
-- watermark is the latest instant any of them could still issue at.
--
-- A pool written by another Redis run may have lost its latest acknowledged writes (a crash
-- with appendfsync everysec, a restore from a backup, a failover to a replica that lagged):
-- a grant made in them would look free. So a new run is a store loss too, but the pool that
-- survived is kept: its holders renew as before, holders of lost grants re-claim them during
-- the recovery period, and every watermark rises as for a pool re-created from nothing.
local REPLICA = 'replica:' .. int(TTL) .. ':' .. int(SKEW) .. ':' .. int(RECOVERY)

-- Every replica of a pool must use one max clock skew (the fences and the watermarks of
-- lapsed leases add it), and each one's recovery period must cover the longest ttl any of
-- them grants (a recovery watermark bounds the leases lost with the pool). Each replica
-- records its settings in meta for as long as a lease it granted can be live (its ttl after
-- its last call); one whose settings conflict with a recorded one changes nothing and is
-- answered {'MISMATCH', why}. Returns nil when this replica may go on.
local function check_replicas()
  local fields = redis.call('HGETALL', META)
  for i = 1, #fields, 2 do
    local field = fields[i]
    if string.sub(field, 1, 8) == 'replica:' and field ~= REPLICA then
      if tonumber(fields[i + 1]) <= NOW then
        redis.call('HDEL', META, field)
      elseif not ALLOW_MISMATCH then
        local ttl, skew, recovery = string.match(field, '^replica:(%d+):(%d+):(%d+)$')
        ttl, skew, recovery = tonumber(ttl), tonumber(skew), tonumber(recovery)
        if skew ~= SKEW then
          return 'max-clock-skew is ' .. int(SKEW) .. ' ms here but ' .. int(skew)
            .. ' ms on another replica of this pool'
        end
        if RECOVERY < ttl then
          return 'recovery-period is ' .. int(RECOVERY) .. ' ms here, shorter than the lease ttl of '
            .. int(ttl) .. ' ms another replica of this pool grants'
        end
        if recovery < TTL then
          return 'lease-ttl is ' .. int(TTL) .. ' ms here, longer than the recovery period of '
            .. int(recovery) .. ' ms another replica of this pool uses'
        end
      end
    end
  end
  return nil
end

local function record_replica()
  local until_ms = NOW + TTL
  local recorded = tonumber(redis.call('HGET', META, REPLICA) or '0')
  if until_ms > recorded then
    redis.call('HSET', META, REPLICA, int(until_ms))
  end
end

local function ensure_pool()
  local meta = redis.call('HMGET', META, 'recoveryUntil', 'runId')
  if meta[1] then
    local mismatch = check_replicas()
    if mismatch then
      return nil, mismatch
    end
  elseif CONFLICTED then
    -- The records went with the pool. A replica that was just refused would re-create it with
    -- a recovery period that may not cover the other replicas' leases: leave it to one of them.
    return nil, 'the pool is missing, and this replica was refused for conflicting settings before; '
      .. 'it leaves re-creating the pool to a replica whose settings fit'
  end
  record_replica()
  local run = run_id()
  if meta[1] and meta[2] == run then
    return tonumber(meta[1])
  end
  if meta[1] then
    local until_ms = NOW + RECOVERY
    for id = 0, SIZE - 1 do
      raise_watermark(id, until_ms + SKEW)
    end
    redis.call('HSET', META, 'recoveryUntil', int(until_ms), 'runId', run, 'runSince', int(NOW))
    return until_ms
  end
  redis.call('DEL', FREE, EXPIRY, TOKEN, RELEASED, WATERMARK, NOTBEFORE, LEASEDAT, NAME, HOST, FENCE)
  local until_ms = NOW + RECOVERY
  local mark = int(until_ms + SKEW)
  for first = 0, SIZE - 1, 256 do
    local scored, marks = {}, {}
    for id = first, math.min(first + 255, SIZE - 1) do
      -- never-leased IDs "ended" at epoch + id ms: oldest first, in ID order
      scored[#scored + 1] = id
      scored[#scored + 1] = id
      marks[#marks + 1] = id
      marks[#marks + 1] = mark
    end
    redis.call('ZADD', FREE, unpack(scored))
    redis.call('HSET', WATERMARK, unpack(marks))
  end
  redis.call('HSET', META, 'size', SIZE, 'createdAt', int(NOW), 'recoveryUntil', int(until_ms),
    'runId', run, 'runSince', int(NOW))
  return until_ms
end

-- Moves every lease that expired by now back to the free set. Its holder never issued above
-- the highest maxTimestamp it was given (its fence, at least expiry + skew); its token stays so
-- that it can still renew while nobody takes the ID.
local function reclaim_expired()
  local expired = redis.call('ZRANGEBYSCORE', EXPIRY, '-inf', int(NOW), 'WITHSCORES')
  for i = 1, #expired, 2 do
    local id, expires_at = expired[i], tonumber(expired[i + 1])
    redis.call('ZREM', EXPIRY, id)
    redis.call('ZADD', FREE, int(expires_at), id)
    raise_watermark(id, math.max(expires_at + SKEW, tonumber(redis.call('HGET', FENCE, id) or '0')))
  end
end

-- Extends the lease on id to NOW + ttl, never shortening it (a replica with a shorter ttl
-- must not pull an expiry in below what the holder was told), and records its fence.
-- Returns expiresAt, maxTimestamp.
local function extend(id)
  local expires_at = NOW + TTL
  local current = redis.call('ZSCORE', EXPIRY, id)
  if current and tonumber(current) > expires_at then
    expires_at = tonumber(current)
  end
  local max_timestamp = expires_at + SKEW
  redis.call('ZADD', EXPIRY, int(expires_at), id)
  if max_timestamp > tonumber(redis.call('HGET', FENCE, id) or '0') then
    redis.call('HSET', FENCE, id, int(max_timestamp))
  end
  return expires_at, max_timestamp
end

local function in_pool(id)
  local n = tonumber(id)
  return n ~= nil and n >= 0 and n < SIZE and math.floor(n) == n
end

