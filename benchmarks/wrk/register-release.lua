-- wrk script: register a lease, then release it, again and again. Each wrk thread keeps
-- the leases it was granted in a queue and releases them on its next requests, so every
-- register is followed by one release; pairs/s = requests/s / 2.
-- Needs API_KEY in the environment.
local key = assert(os.getenv("API_KEY"), "API_KEY not set")
local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }
local pending = {}
local failures = 0

function request()
  local lease = table.remove(pending)
  if lease then
    return wrk.format("POST", "/workers/" .. lease.id .. "/release", headers,
      '{"leaseToken":"' .. lease.token .. '","lastTimestamp":' .. lease.notBefore .. '}')
  end
  return wrk.format("POST", "/workers", headers, '{"name":"wrk"}')
end

function response(status, _, body)
  if status == 201 then
    local id = body:match('"workerId":(%d+)')
    local token = body:match('"leaseToken":"([^"]+)"')
    local notBefore = body:match('"notBefore":(%d+)')
    table.insert(pending, { id = id, token = token, notBefore = notBefore })
  elseif status ~= 204 then
    failures = failures + 1
  end
end
