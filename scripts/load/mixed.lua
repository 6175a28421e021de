-- wrk script for scripts/load.sh: a mixed workload over many tenants. Each request
-- picks a tenant at random and one of: the lead list (25%), a lead search (15%),
-- /v1/me (20%), a sync pull (15%), an ingest post with the tenant's API key (15%) and a
-- lead patch (10%). Prints requests/s, latency percentiles and answers by status.
--
-- Argument: a file with one line per tenant: "<access token> <api key> <lead id>,<lead id>,…"

local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    tenants = {}
    for line in io.lines(args[1]) do
        local token, key, ids = line:match("^(%S+) (%S+) (%S+)$")
        local leads = {}
        for id in ids:gmatch("[^,]+") do
            leads[#leads + 1] = id
        end
        tenants[#tenants + 1] = { token = token, key = key, leads = leads }
    end
    statuses = {}
    math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

local stages = { "new", "contacted", "qualified", "nurture" }

function request()
    local tenant = tenants[math.random(#tenants)]
    local bearer = { ["Authorization"] = "Bearer " .. tenant.token }
    local pick = math.random(100)
    if pick <= 25 then
        return wrk.format("GET", "/v1/leads?limit=50", bearer)
    elseif pick <= 40 then
        return wrk.format("GET", "/v1/leads?limit=50&q=lead%20" .. math.random(500), bearer)
    elseif pick <= 60 then
        return wrk.format("GET", "/v1/me", bearer)
    elseif pick <= 75 then
        return wrk.format("GET", "/v1/sync/pull?limit=100", bearer)
    elseif pick <= 90 then
        local n = math.random(2000)
        local body = '{"contact":{"name":"Load Lead ' .. n .. '","emails":["load' .. n
            .. '@example.test"],"source":"chatbot"}}'
        return wrk.format("POST", "/v1/integrations/leads",
            { ["X-Api-Key"] = tenant.key, ["Content-Type"] = "application/json" }, body)
    else
        local lead = tenant.leads[math.random(#tenant.leads)]
        bearer["Content-Type"] = "application/json"
        return wrk.format("PATCH", "/v1/leads/" .. lead, bearer,
            '{"stage":"' .. stages[math.random(#stages)] .. '"}')
    end
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
    local seconds = summary.duration / 1000000
    local by_status = {}
    for _, thread in ipairs(threads) do
        for status, count in pairs(thread:get("statuses")) do
            by_status[status] = (by_status[status] or 0) + count
        end
    end
    io.write("\n== load figures ==\n")
    io.write(string.format("requests: %d in %.1f s = %.0f req/s\n",
        summary.requests, seconds, summary.requests / seconds))
    io.write(string.format("latency: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
        latency:percentile(50) / 1000, latency:percentile(90) / 1000,
        latency:percentile(99) / 1000, latency.max / 1000))
    local codes = {}
    for status in pairs(by_status) do
        codes[#codes + 1] = status
    end
    table.sort(codes)
    for _, status in ipairs(codes) do
        io.write(string.format("status %d: %d\n", status, by_status[status]))
    end
    local e = summary.errors
    io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n",
        e.connect, e.read, e.write, e.timeout))
end
