-- wrk script of bench/dashboard.py for the plan-save scenario: each request is a PUT of one of
-- the plans in WRK_PATHS (comma-separated) in turn, with the document in
-- WRK_SAVE_DIR/<plan id>.json and the version last seen for that plan (WRK_VERSIONS to begin
-- with, then the version each answer carries). The plans are dealt out among the WRK_THREADS
-- threads, so that a plan is saved again only once its previous save has answered.
dofile(os.getenv("WRK_REPORTER"))
local paths = {}
local bodies = {}
local versions = {}
local turn = 0
local threads = {}

function setup(thread)
    thread:set("thread_index", #threads)
    table.insert(threads, thread)
end

local function split(text)
    local items = {}
    for item in string.gmatch(text or "", "[^,]+") do
        table.insert(items, item)
    end
    return items
end

function init(args)
    local all = split(os.getenv("WRK_PATHS"))
    local dir = os.getenv("WRK_SAVE_DIR")
    local starting = split(os.getenv("WRK_VERSIONS"))
    local count = tonumber(os.getenv("WRK_THREADS") or "1")
    for i, path in ipairs(all) do
        if (i - 1) % count == (thread_index or 0) then
            table.insert(paths, path)
            local id = string.match(path, "([^/]+)$")
            local f = assert(io.open(dir .. "/" .. id .. ".json", "rb"))
            bodies[path] = f:read("*a")
            f:close()
            versions[id] = tonumber(starting[i])
        end
    end
    turn = math.random(#paths)
end

function request()
    turn = turn % #paths + 1
    local path = paths[turn]
    local id = string.match(path, "([^/]+)$")
    return wrk.format("PUT", path, nil, '{"version":' .. versions[id] .. "," .. string.sub(bodies[path], 2))
end

function response(status, headers, body)
    if status == 200 then
        local id = string.match(body, '^{"id":"([^"]+)"')
        local version = string.match(body, '"version":(%d+)')
        if id and version then
            versions[id] = tonumber(version)
        end
    end
end

