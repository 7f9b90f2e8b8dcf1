"""AdmissionStore in Redis (settings.redis_url): each step is one Lua script, which Redis runs
alone, so the draw happens once and the capacity holds across every app process.

Keys of a sale (prefix egov:housing:room[:<portal>]:<sale>:): pre (sorted set FİN → arrival), drawn (set
by the one draw), line (FİN → place), last (the last place given), inside (FİN → end of the
admission, in ms), tokens (FİN → token id), capacity (the sandbox's override). Times are the
caller's clock (the portal's, injectable in tests), not Redis's."""
from __future__ import annotations

import secrets
from calendar import timegm
from datetime import datetime, timedelta, timezone

from core.housing.waiting_room.port import Shuffle, Standing, State

KEYS = ("pre", "pre_seq", "drawn", "line", "last", "inside", "tokens", "capacity")

JOIN = """
local fin, now = ARGV[1], tonumber(ARGV[2])
if redis.call('ZSCORE', KEYS[4], fin) then return 0 end
local till = redis.call('ZSCORE', KEYS[6], fin)
if till and tonumber(till) > now then return 0 end
if redis.call('EXISTS', KEYS[3]) == 0 then
  if redis.call('ZSCORE', KEYS[1], fin) then return 0 end
  redis.call('ZADD', KEYS[1], redis.call('INCR', KEYS[2]), fin)
  return 1
end
redis.call('ZREM', KEYS[6], fin)
redis.call('HDEL', KEYS[7], fin)
redis.call('ZADD', KEYS[4], redis.call('INCR', KEYS[5]), fin)
return 2
"""

# ARGV: the time drawn, then the pre-queue in its drawn order. Refused (-1) if the pre-queue
# grew since it was read (the caller reads and shuffles again), 0 if drawn already.
DRAW = """
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
if redis.call('ZCARD', KEYS[1]) ~= #ARGV - 1 then return -1 end
for i = 2, #ARGV do redis.call('ZADD', KEYS[4], i - 1, ARGV[i]) end
redis.call('SET', KEYS[5], #ARGV - 1)
redis.call('SET', KEYS[3], ARGV[1])
redis.call('DEL', KEYS[1], KEYS[2])
return 1
"""

ADMIT = """
if redis.call('EXISTS', KEYS[3]) == 0 then return 0 end
local now, till = tonumber(ARGV[1]), ARGV[3]
local capacity = tonumber(redis.call('GET', KEYS[8]) or ARGV[2])
for _, fin in ipairs(redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', now)) do
  redis.call('HDEL', KEYS[7], fin)
end
redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', now)
local free = capacity - redis.call('ZCARD', KEYS[6])
if free <= 0 then return 0 end
local popped = redis.call('ZPOPMIN', KEYS[4], free)
for i = 1, #popped, 2 do
  redis.call('HDEL', KEYS[7], popped[i])
  redis.call('ZADD', KEYS[6], till, popped[i])
end
return #popped / 2
"""

STANDING = """
local fin, now = ARGV[1], tonumber(ARGV[2])
local till = redis.call('ZSCORE', KEYS[6], fin)
if till and tonumber(till) > now then
  redis.call('HSETNX', KEYS[7], fin, ARGV[3])
  return {'inside', redis.call('HGET', KEYS[7], fin), till}
end
local place = redis.call('ZSCORE', KEYS[4], fin)
if place then return {'waiting', redis.call('ZCOUNT', KEYS[4], '-inf', '(' .. place)} end
if redis.call('ZSCORE', KEYS[1], fin) then return {'pre', redis.call('ZCARD', KEYS[1])} end
return {'outside'}
"""

SPEND = """
if redis.call('HGET', KEYS[7], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[7], ARGV[1])
return redis.call('ZREM', KEYS[6], ARGV[1])
"""

LEAVE = """
local gone = redis.call('ZREM', KEYS[1], ARGV[1]) + redis.call('ZREM', KEYS[4], ARGV[1])
  + redis.call('ZREM', KEYS[6], ARGV[1])
redis.call('HDEL', KEYS[7], ARGV[1])
return gone
"""

INSIDE = "return redis.call('ZCOUNT', KEYS[6], '(' .. ARGV[1], '+inf')"

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


def _ms(moment: datetime) -> int:
    return timegm(moment.utctimetuple()) * 1000 + moment.microsecond // 1000


def _moment(ms: float) -> datetime:
    return datetime.fromtimestamp(ms / 1000, timezone.utc).replace(tzinfo=None)


class RedisAdmissionStore:
    def __init__(self, client, prefix: str = "egov:housing:room"):
        self._redis, self._prefix = client, prefix
        self._scripts = {name: client.register_script(source) for name, source in (
            ("join", JOIN), ("draw", DRAW), ("admit", ADMIT), ("standing", STANDING),
            ("spend", SPEND), ("leave", LEAVE), ("inside", INSIDE), ("attempt", ATTEMPT))}

    @classmethod
    def from_url(cls, url: str, prefix: str = "egov:housing:room") -> "RedisAdmissionStore":
        import redis

        return cls(redis.Redis.from_url(url, decode_responses=True), prefix)

    def _keys(self, sale_id: int) -> list[str]:
        return [f"{self._prefix}:{sale_id}:{name}" for name in KEYS]

    def _run(self, name: str, sale_id: int, *args):
        return self._scripts[name](keys=self._keys(sale_id), args=list(args))

    def join(self, sale_id: int, fin: str, now: datetime) -> None:
        self._run("join", sale_id, fin, _ms(now))

    def draw(self, sale_id: int, shuffle: Shuffle, now: datetime) -> bool:
        pre = self._keys(sale_id)[0]
        while True:
            if self._redis.exists(self._keys(sale_id)[2]):
                return False
            arrived = self._redis.zrange(pre, 0, -1)
            order = shuffle(list(arrived))
            if sorted(order) != sorted(arrived):
                raise ValueError("the shuffle must return the pre-queue, reordered")
            done = self._run("draw", sale_id, _ms(now), *order)
            if done != -1:
                return done == 1

    def admit(self, sale_id: int, now: datetime, capacity: int, window: timedelta) -> int:
        return int(self._run("admit", sale_id, _ms(now), capacity, _ms(now + window)))

    def standing(self, sale_id: int, fin: str, now: datetime) -> Standing:
        found = self._run("standing", sale_id, fin, _ms(now), secrets.token_urlsafe(16))
        if found[0] == "inside":
            return Standing(State.INSIDE, token_id=found[1], until=_moment(float(found[2])))
        if found[0] == "waiting":
            return Standing(State.WAITING, ahead=int(found[1]))
        if found[0] == "pre":
            return Standing(State.PRE_QUEUE, pre_queued=int(found[1]))
        return Standing(State.OUTSIDE)

    def spend(self, sale_id: int, fin: str, token_id: str) -> bool:
        return self._run("spend", sale_id, fin, token_id) == 1

    def leave(self, sale_id: int, fin: str) -> bool:
        return self._run("leave", sale_id, fin) > 0

    def inside(self, sale_id: int, now: datetime) -> int:
        return int(self._run("inside", sale_id, _ms(now)))

    def count_attempt(self, key: str, window: timedelta, now: datetime) -> tuple[int, timedelta]:
        count, left = self._scripts["attempt"](
            keys=[f"{self._prefix}:attempt:{key}"],
            args=[_ms(now), int(window.total_seconds() * 1000)])
        return int(count), timedelta(milliseconds=int(left))

    def set_capacity(self, sale_id: int, capacity: int | None) -> None:
        key = self._keys(sale_id)[KEYS.index("capacity")]
        if capacity is None:
            self._redis.delete(key)
        else:
            self._redis.set(key, capacity)

    def capacity(self, sale_id: int) -> int | None:
        found = self._redis.get(self._keys(sale_id)[KEYS.index("capacity")])
        return int(found) if found is not None else None

    def reset(self, sale_id: int) -> None:
        self._redis.delete(*self._keys(sale_id))
