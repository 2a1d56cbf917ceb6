-- wrk script: renew one lease over and over.
-- Needs WORKER_ID, LEASE_TOKEN and API_KEY in the environment (run-delegator-bench.sh sets them).
local id = assert(os.getenv("WORKER_ID"), "WORKER_ID not set")
local token = assert(os.getenv("LEASE_TOKEN"), "LEASE_TOKEN not set")
local key = assert(os.getenv("API_KEY"), "API_KEY not set")

wrk.method = "POST"
wrk.path = "/workers/" .. id .. "/renew"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. key
wrk.body = '{"leaseToken":"' .. token .. '"}'
