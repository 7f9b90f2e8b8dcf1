"""LineStore in Redis (settings.redis_url): each step is one Lua script, which Redis runs
alone, so the draw happens once and a place is given once across every app process.

Keys of a sale (prefix egov:housing:room[:<portal>]:<sale>:): pre (citizen → order of arrival
before the draw; arrivals counts them), drawn (set by the one draw), issued (the last place
given), frontier, placeof (citizen → place), settled (places taken or left: they no longer
count against the room), turns (the frontier's moves: member the frontier zero-padded, so
moves in one millisecond sort by value; score when), inside (citizen → end of the
admission), tokens (citizen → token id), pacer (rate, moved_at), lease (the pacer's turn),
capacity (the sandbox's override). Times are the caller's clock in ms (the portal's,
injectable in tests), not Redis's."""
from __future__ import annotations

import secrets
from calendar import timegm
from datetime import datetime, timedelta, timezone

from core.housing.waiting_room.port import Admission, Line, Redemption, Shuffle

KEYS = ("pre", "drawn", "issued", "frontier", "placeof", "settled", "turns", "inside",
        "tokens", "pacer", "lease", "capacity", "arrivals", "generation")

# The frontier as it was at a moment (ms): the last move at or before it.
PRELUDE = """
local function frontier_at(ms)
  local found = redis.call('ZREVRANGEBYSCORE', KEYS[7], ms, '-inf', 'LIMIT', 0, 1)
  return tonumber(found[1] or 0)
end
local function frontier() return tonumber(redis.call('GET', KEYS[4]) or 0) end
local function settled(place) return redis.call('ZSCORE', KEYS[6], tostring(place)) end
"""

# ARGV: citizen, now, turn (ms), a new generation. The place (0 = the pre-queue) and the
# line's generation.
JOIN = PRELUDE + """
local c, now, turn = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('SET', KEYS[14], ARGV[4], 'NX')
local generation = redis.call('GET', KEYS[14])
if redis.call('EXISTS', KEYS[2]) == 0 then
  if not redis.call('ZSCORE', KEYS[1], c) then
    redis.call('ZADD', KEYS[1], redis.call('INCR', KEYS[13]), c)
  end
  return {0, generation}
end
local held = redis.call('HGET', KEYS[5], c)
if held then
  held = tonumber(held)
  local till = redis.call('ZSCORE', KEYS[8], c)
  if till and tonumber(till) > now then return {held, generation} end
  if not settled(held) and held > frontier_at(now - turn) then return {held, generation} end
end
local place = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[5], c, place)
return {place, generation}
"""

# ARGV: the time drawn, then the pre-queue in its drawn order. Refused (-1) if the pre-queue
# changed since it was read (the caller reads and shuffles again), 0 if drawn already.
DRAW = """
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
if redis.call('ZCARD', KEYS[1]) ~= #ARGV - 1 then return -1 end
for i = 2, #ARGV do redis.call('HSET', KEYS[5], ARGV[i], i - 1) end
redis.call('SET', KEYS[3], #ARGV - 1)
redis.call('SET', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[1])
return 1
"""

# ARGV: now, grace (ms). What everybody may know of the line.
LINE = PRELUDE + """
local now, grace = tonumber(ARGV[1]), tonumber(ARGV[2])
local f = frontier()
local given = frontier_at(now - grace)
local pending = (f - given) - redis.call('ZCOUNT', KEYS[6], given + 1, f)
local minute_ago = frontier_at(now - 60000)
local first = redis.call('ZRANGE', KEYS[7], 0, 0, 'WITHSCORES')
local pacer = redis.call('HMGET', KEYS[10], 'rate', 'moved_at')
return {redis.call('GET', KEYS[2]) or '', redis.call('ZCARD', KEYS[1]),
        tonumber(redis.call('GET', KEYS[3]) or 0), f,
        redis.call('ZCOUNT', KEYS[8], '(' .. now, '+inf'), pending, f - minute_ago,
        first[2] or '', pacer[1] or '', pacer[2] or '', redis.call('GET', KEYS[12]) or '',
        redis.call('GET', KEYS[14]) or ''}
"""

# ARGV: to, now, rate, expect (-1: none). The frontier after the move, which passes over the
# places of citizens who left before their turn: `to` gives as many turns as it asks to citizens
# still there. Finding them is a binary search over counts of the settled set, never a walk: a
# sale day's end leaves runs of thousands who left.
ADVANCE = PRELUDE + """
local f, now = frontier(), tonumber(ARGV[2])
if tonumber(ARGV[4]) >= 0 and f ~= tonumber(ARGV[4]) then return f end
redis.call('HSET', KEYS[10], 'rate', ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[8], '-inf', now)
local issued = tonumber(redis.call('GET', KEYS[3]) or 0)
local function still_there(a, b)  -- places in (a, b] not settled
  if b <= a then return 0 end
  return (b - a) - redis.call('ZCOUNT', KEYS[6], a + 1, b)
end
local function reach(from, n)  -- the smallest x with n places still there in (from, x]
  local lo, hi = from + 1, issued
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if still_there(from, mid) >= n then hi = mid else lo = mid + 1 end
  end
  return lo
end
local turns, to = math.min(tonumber(ARGV[1]), issued) - f, f
if turns > 0 then
  to = still_there(f, issued) < turns and issued or reach(f, turns)
end
if to < issued then  -- and over those who left just after it
  to = still_there(to, issued) == 0 and issued or reach(to, 1) - 1
end
if to <= f then return f end
redis.call('SET', KEYS[4], to)
redis.call('ZADD', KEYS[7], now, string.format('%010d', to))  -- same-ms moves sort by value
redis.call('HSET', KEYS[10], 'moved_at', now)
return to
"""

# ARGV: citizen, place, now, turn (ms), admission end (ms), token id.
REDEEM = PRELUDE + """
local c, place, now = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local till = redis.call('ZSCORE', KEYS[8], c)
if till and tonumber(till) > now then
  return {'admitted', redis.call('HGET', KEYS[9], c), till}
end
if tonumber(redis.call('HGET', KEYS[5], c) or -1) ~= place then return {'unknown'} end
if place > frontier() then return {'not_yet'} end
if settled(place) then return {'used'} end
if place <= frontier_at(now - tonumber(ARGV[4])) then return {'lapsed'} end
redis.call('ZADD', KEYS[6], place, tostring(place))
redis.call('ZADD', KEYS[8], ARGV[5], c)
redis.call('HSET', KEYS[9], c, ARGV[6])
return {'admitted', ARGV[6], ARGV[5]}
"""

# ARGV: now, lease end (ms), both on the caller's clock.
LEASE = """
if tonumber(redis.call('GET', KEYS[11]) or 0) > tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[11], ARGV[2])
return 1
"""

ADMISSION = """
local till = redis.call('ZSCORE', KEYS[8], ARGV[1])
if not till or tonumber(till) <= tonumber(ARGV[2]) then return false end
return {redis.call('HGET', KEYS[9], ARGV[1]), till}
"""

SPEND = """
if redis.call('HGET', KEYS[9], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[9], ARGV[1])
return redis.call('ZREM', KEYS[8], ARGV[1])
"""

# 0: not there; 1: left the line (no room freed); 2: left the room or a turn given to them.
LEAVE = PRELUDE + """
local c = ARGV[1]
local was_inside = redis.call('ZREM', KEYS[8], c)
local gone = redis.call('ZREM', KEYS[1], c) + was_inside
redis.call('HDEL', KEYS[9], c)
local freed = was_inside == 1
local place = redis.call('HGET', KEYS[5], c)
if place and not settled(place) then
  redis.call('ZADD', KEYS[6], place, place)
  gone = gone + 1
  freed = freed or tonumber(place) <= frontier()
end
if gone == 0 then return 0 end
return freed and 2 or 1
"""

# A window that starts at the first attempt: KEYS[1] a hash {start, count}; ARGV now, window.
ATTEMPT = """
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local start = tonumber(redis.call('HGET', KEYS[1], 'start'))
if not start or now - start >= window then
  redis.call('HSET', KEYS[1], 'start', now, 'count', 1)
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, window}
end
return {redis.call('HINCRBY', KEYS[1], 'count', 1), start + window - now}
"""

SCRIPTS = {"join": JOIN, "draw": DRAW, "line": LINE, "advance": ADVANCE, "redeem": REDEEM,
           "lease": LEASE, "admission": ADMISSION, "spend": SPEND, "leave": LEAVE, "attempt": ATTEMPT}


def _ms(moment: datetime) -> int:
    return timegm(moment.utctimetuple()) * 1000 + moment.microsecond // 1000


def _moment(ms: float | str) -> datetime:
    return datetime.fromtimestamp(float(ms) / 1000, timezone.utc).replace(tzinfo=None)


def _span(duration: timedelta) -> int:
    return int(duration.total_seconds() * 1000)


class RedisLineStore:
    def __init__(self, client, prefix: str = "egov:housing:room"):
        self._redis, self._prefix = client, prefix
        self._scripts = {name: client.register_script(source)
                         for name, source in SCRIPTS.items()}

    @classmethod
    def from_url(cls, url: str, prefix: str = "egov:housing:room") -> "RedisLineStore":
        import redis

        return cls(redis.Redis.from_url(url, decode_responses=True), prefix)

    def _keys(self, sale_id: int) -> list[str]:
        return [f"{self._prefix}:{sale_id}:{name}" for name in KEYS]

    def _key(self, sale_id: int, name: str) -> str:
        return self._keys(sale_id)[KEYS.index(name)]

    def _run(self, name: str, sale_id: int, *args):
        return self._scripts[name](keys=self._keys(sale_id), args=list(args))

    def join(self, sale_id: int, citizen: str, now: datetime,
             turn: timedelta) -> tuple[int, str]:
        place, generation = self._run("join", sale_id, citizen, _ms(now), _span(turn),
                                      secrets.token_hex(8))
        return int(place), generation

    def draw(self, sale_id: int, shuffle: Shuffle, now: datetime) -> bool:
        pre = self._key(sale_id, "pre")
        while True:
            if self._redis.exists(self._key(sale_id, "drawn")):
                return False
            arrived = self._redis.zrange(pre, 0, -1)
            order = shuffle(list(arrived))
            if sorted(order) != sorted(arrived):
                raise ValueError("the shuffle must return the pre-queue, reordered")
            done = self._run("draw", sale_id, _ms(now), *order)
            if done != -1:
                return done == 1

    def line(self, sale_id: int, now: datetime, grace: timedelta) -> Line:
        (drawn, pre, issued, frontier, inside, pending, moved, first, rate, moved_at,
         override, generation) = self._run("line", sale_id, _ms(now), _span(grace))
        minutes = min(1.0, (_ms(now) - float(first)) / 60_000) if first else 0.0
        return Line(drawn_at=_moment(drawn) if drawn else None, pre_queued=int(pre),
                    issued=int(issued),
                    frontier=int(frontier), inside=int(inside), pending=max(0, int(pending)),
                    rate=float(rate) if rate else 0.0,
                    moved_at=_moment(moved_at) if moved_at else None,
                    moved_last_minute=int(moved), minutes_measured=max(0.0, minutes),
                    capacity_override=int(override) if override != "" else None,
                    generation=generation)

    def lease(self, sale_id: int, now: datetime, every: timedelta) -> bool:
        return self._run("lease", sale_id, _ms(now), _ms(now + every)) == 1

    def advance(self, sale_id: int, to: int, now: datetime, *, rate: float,
                expect: int | None = None) -> int:
        return int(self._run("advance", sale_id, to, _ms(now), rate,
                             -1 if expect is None else expect))

    def redeem(self, sale_id: int, citizen: str, place: int, now: datetime, *,
               window: timedelta, turn: timedelta,
               token_id: str) -> tuple[Redemption, Admission | None]:
        found = self._run("redeem", sale_id, citizen, place, _ms(now), _span(turn),
                          _ms(now + window), token_id)
        if found[0] != "admitted":
            return Redemption(found[0]), None
        return Redemption.ADMITTED, Admission(found[1], _moment(found[2]))

    def admission(self, sale_id: int, citizen: str, now: datetime) -> Admission | None:
        found = self._run("admission", sale_id, citizen, _ms(now))
        return Admission(found[0], _moment(found[1])) if found else None

    def spend(self, sale_id: int, citizen: str, token_id: str) -> bool:
        return self._run("spend", sale_id, citizen, token_id) == 1

    def leave(self, sale_id: int, citizen: str) -> int:
        return int(self._run("leave", sale_id, citizen))

    def turns(self, sale_id: int) -> list[tuple[int, datetime]]:
        moves = self._redis.zrange(self._key(sale_id, "turns"), 0, -1, withscores=True)
        return [(int(frontier), _moment(at)) for frontier, at in moves]

    def count_attempt(self, key: str, window: timedelta, now: datetime) -> tuple[int, timedelta]:
        count, left = self._scripts["attempt"](keys=[f"{self._prefix}:attempt:{key}"],
                                               args=[_ms(now), _span(window)])
        return int(count), timedelta(milliseconds=int(left))

    def set_capacity(self, sale_id: int, capacity: int | None) -> None:
        if capacity is None:
            self._redis.delete(self._key(sale_id, "capacity"))
        else:
            self._redis.set(self._key(sale_id, "capacity"), capacity)

    def capacity(self, sale_id: int) -> int | None:
        found = self._redis.get(self._key(sale_id, "capacity"))
        return int(found) if found is not None else None

    def reset(self, sale_id: int) -> None:
        self._redis.delete(*self._keys(sale_id))
