-- wrk script for bench/run.sh: GET /v1/credentials with a workload token in Authorization, rotating over the
-- tokens in the file named by BENCH_TOKENS (one per line), counting every non-200 answer, and printing one
-- machine-readable line at the end:
--   BENCH rps=… p50_ms=… p90_ms=… p99_ms=… p999_ms=… max_ms=… requests=… non200=… socket_errors=…
-- Requests are rendered once per token in init(), so the Lua cost per request is an array lookup.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

function init(args)
  local path = os.getenv("BENCH_PATH") or "/v1/credentials"
  local file = assert(io.open(assert(os.getenv("BENCH_TOKENS"), "BENCH_TOKENS not set"), "r"))
  -- BENCH_PAD=n adds a header of n bytes ("X-Pad"): a request as long as one with a longer token.
  local pad = tonumber(os.getenv("BENCH_PAD") or "0")
  requests_by_token = {}
  for token in file:lines() do
    if token ~= "" then
      local headers = { ["Authorization"] = token }
      if pad > 0 then
        headers["X-Pad"] = string.rep("p", pad)
      end
      table.insert(requests_by_token, wrk.format("GET", path, headers))
    end
  end
  file:close()
  assert(#requests_by_token > 0, "no tokens in " .. os.getenv("BENCH_TOKENS"))
  -- Start each thread at a different token so threads do not move in lockstep.
  next_request = ((thread_id or 1) * 7) % #requests_by_token
  non200 = 0
end

function request()
  next_request = next_request % #requests_by_token + 1
  return requests_by_token[next_request]
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
  end
end

function done(summary, latency, requests)
  local non200_total = 0
  for _, thread in ipairs(threads) do
    non200_total = non200_total + (thread:get("non200") or 0)
  end
  local errors = summary.errors
  local socket_errors = errors.connect + errors.read + errors.write + errors.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "BENCH rps=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f requests=%d non200=%d socket_errors=%d\n",
    summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000,
    summary.requests, non200_total, socket_errors))
end
