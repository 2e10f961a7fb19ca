-- wrk script: POSTs a web form submission with a different sender per request (spread over the
-- partitions like real traffic) and prints p50/p99/p99.9. Non-2xx answers count as errors.
local counter = 0

request = function()
  counter = counter + 1
  local body = string.format(
    '{"name":"Benchmark Customer","email":"customer-%06d@example.com","subject":"Where is my order?",' ..
    '"message":"Hello, I ordered a blue kettle two weeks ago and it has not arrived yet. Can you check? Thanks.",' ..
    '"category":"orders"}', counter % 100000)
  return wrk.format("POST", "/api/v1/channels/web-form/messages", {["Content-Type"] = "application/json"}, body)
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.0f p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
