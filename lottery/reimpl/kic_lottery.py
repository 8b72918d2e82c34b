#!/usr/bin/env python3
"""Independent re-implementation of the KIC lottery from lottery/README.md alone.

Standard library only (Python 3.11). Sections refer to lottery/README.md.

    python3 kic_lottery.py verify FILE DIGEST [HEAD] -> {"ok": bool, "mismatch": {...} | null, ...}; exit 0/1
    python3 kic_lottery.py draw FILE     -> the record with "seed" and "draw"; exit 0 (1 on error)
    python3 kic_lottery.py digest FILE   -> the entry digest (kic-entries/2) of the record
    python3 kic_lottery.py head FILE     -> the chain head of a drawn record (section 7.2)
    python3 kic_lottery.py pool FILE     -> the pool digest (kic-entries/1, section 10) of {recruitments, entrants}
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import re
import struct
import sys

FORMAT = "kic-round-record/2"
KEY_TOLERANCE = 1e-12
U_MAX = 1.0 - 2.0**-53

ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

# Section 1.1: numeric limits.
MAX_SEATS = 100_000
MAX_WEIGHT = 1_000_000
MAX_TIER = 1_000
MAX_UNIT_SIZE = 10
MAX_ENTRANTS = 1_000_000
MAX_RECRUITMENTS = 10_000
MAX_TIME = 2**53 - 1
MAX_BEACON_NAME = 200
BEACON_KINDS = ("lotto645", "drand", "nist")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def is_hex(value, n):
    return isinstance(value, str) and len(value) == n and re.fullmatch(r"[0-9a-f]*", value) is not None


def is_int(value, minimum, maximum=None):
    # JSON integers only (bool is an int subclass in Python: exclude it).
    if isinstance(value, bool):
        return False
    if isinstance(value, float):
        if not value.is_integer():
            return False
        value = int(value)
    return isinstance(value, int) and value >= minimum and (maximum is None or value <= maximum)


class Mismatch(Exception):
    def __init__(self, field, expected, actual):
        super().__init__(field)
        self.field = field
        self.expected = expected
        self.actual = actual

    def as_json(self):
        return {"field": self.field, "expected": self.expected, "actual": self.actual}


# ---------------------------------------------------------------- section 2


def commitment_of(secret_hex):
    return hashlib.sha256(bytes.fromhex(secret_hex)).hexdigest()


def pseudonym_of(secret_hex, token_hex):
    return hmac.new(bytes.fromhex(secret_hex), bytes.fromhex(token_hex), hashlib.sha256).digest()[:16].hex()


# ---------------------------------------------------------------- section 3.1


def validate_entries(recruitments, entrants):
    """Raises ValueError naming the offending item (section 3.1)."""
    if not isinstance(recruitments, list):
        raise ValueError("recruitments: expected a list")
    if not isinstance(entrants, list):
        raise ValueError("entrants: expected a list")
    if len(recruitments) > MAX_RECRUITMENTS or len(entrants) > MAX_ENTRANTS:
        raise ValueError("too many recruitments or entrants")
    ids = set()
    for r in recruitments:
        rid = r.get("id") if isinstance(r, dict) else None
        if not isinstance(rid, str) or not ID_RE.match(rid):
            raise ValueError(f"recruitments: bad id {rid!r}")
        if rid in ids:
            raise ValueError(f"recruitments: duplicate id {rid}")
        ids.add(rid)
        if not is_int(r.get("seats"), 0, MAX_SEATS):
            raise ValueError(f"recruitments[{rid}].seats: not an integer 0..{MAX_SEATS}")
    pseudonyms = set()
    member_of = {}
    for e in entrants:
        p = e.get("pseudonym") if isinstance(e, dict) else None
        if not is_hex(p, 32):
            raise ValueError(f"entrants: bad pseudonym {p!r}")
        if p in pseudonyms:
            raise ValueError(f"entrants: duplicate pseudonym {p}")
        pseudonyms.add(p)
        members = e.get("members")
        if not isinstance(members, list) or not 1 <= len(members) <= MAX_UNIT_SIZE:
            raise ValueError(f"entrants[{p}].members: expected 1..{MAX_UNIT_SIZE} members")
        if len(members) == 1 and members[0] != p:
            raise ValueError(f"entrants[{p}].members: a single child's members must be [its pseudonym]")
        if len(members) > 1 and p in members:
            raise ValueError(f"entrants[{p}].members: a unit's pseudonym cannot be a member")
        for m in members:
            if not is_hex(m, 32):
                raise ValueError(f"entrants[{p}].members: bad pseudonym {m!r}")
            if m in member_of and member_of[m] != p:
                raise ValueError(f"entrants[{p}].members: {m} is a member of two entrants")
            if m in member_of:
                raise ValueError(f"entrants[{p}].members: {m} listed twice")
            member_of[m] = p
        choices = e.get("choices")
        if not isinstance(choices, list):
            raise ValueError(f"entrants[{p}].choices: expected a list")
        if len(choices) > 3:
            raise ValueError(f"entrants[{p}].choices: more than 3 choices")
        seen = set()
        for i, c in enumerate(choices):
            rid = c.get("recruitment") if isinstance(c, dict) else None
            if rid not in ids:
                raise ValueError(f"entrants[{p}].choices[{i}]: unknown recruitment {rid!r}")
            if rid in seen:
                raise ValueError(f"entrants[{p}].choices[{i}]: recruitment {rid} twice")
            seen.add(rid)
            if not is_int(c.get("weight"), 1, MAX_WEIGHT):
                raise ValueError(f"entrants[{p}].choices[{i}].weight: not an integer 1..{MAX_WEIGHT}")
            if not is_int(c.get("tier"), 1, MAX_TIER):
                raise ValueError(f"entrants[{p}].choices[{i}].tier: not an integer 1..{MAX_TIER}")
    for p in pseudonyms:
        if p in member_of and member_of[p] != p:
            raise ValueError(f"entrants[{p}]: pseudonym is also a member of {member_of[p]}")


def check_event(at, b):
    if not isinstance(b, dict):
        raise ValueError(f"{at}: expected an object")
    if b.get("kind") not in BEACON_KINDS:
        raise ValueError(f"{at}.kind: unknown")
    name = b.get("name")
    if not isinstance(name, str) or name.strip() == "" or len(name.encode("utf-16-le")) // 2 > MAX_BEACON_NAME or CONTROL_RE.search(name):
        raise ValueError(f"{at}.name: not 1..{MAX_BEACON_NAME} characters without control characters")
    if not is_int(b.get("scheduledAt"), 0, MAX_TIME):
        raise ValueError(f"{at}.scheduledAt: not an integer time")


def validate_announcement(record):
    """Section 3.2: the round id and the beacon announcement."""
    rnd = record.get("round")
    rid = rnd.get("id") if isinstance(rnd, dict) else None
    if not isinstance(rid, str) or not ID_RE.match(rid):
        raise ValueError("round.id: bad id")
    b = record.get("beacon")
    check_event("beacon", b)
    if not is_int(b.get("deadline"), b["scheduledAt"], MAX_TIME):
        raise ValueError("beacon.deadline: not an integer time >= beacon.scheduledAt")
    check_event("beacon.fallback", b.get("fallback"))
    if b["fallback"]["scheduledAt"] <= b["scheduledAt"]:
        raise ValueError("beacon.fallback.scheduledAt: not after the primary")


# ---------------------------------------------------------------- section 3.2


def text_hex(text):
    return text.encode("utf-8").hex()


def entrant_line(e):
    members = ",".join(sorted(e["members"], key=lambda m: m.encode()))
    if e["choices"]:
        choices = ";".join(f"{c['recruitment']}:{int(c['weight'])}:{int(c['tier'])}" for c in e["choices"])
    else:
        choices = "-"
    return f"E {e['pseudonym']} {members} {choices}"


def encode_entries(recruitments, entrants, record=None):
    """kic-entries/2 bound to record's round and beacons when given, else kic-entries/1 (a pool)."""
    if record is not None:
        b, f = record["beacon"], record["beacon"]["fallback"]
        lines = [
            "kic-entries/2",
            f"O {record['round']['id']}",
            f"B {b['kind']} {int(b['scheduledAt'])} {int(b['deadline'])} {text_hex(b['name'])}",
            f"F {f['kind']} {int(f['scheduledAt'])} {text_hex(f['name'])}",
        ]
    else:
        lines = ["kic-entries/1"]
    for r in sorted(recruitments, key=lambda r: r["id"].encode()):
        lines.append(f"R {r['id']} {int(r['seats'])}")
    for e in sorted(entrants, key=lambda e: e["pseudonym"].encode()):
        lines.append(entrant_line(e))
    return "".join(line + "\n" for line in lines)


def entry_digest(recruitments, entrants, record=None):
    return hashlib.sha256(encode_entries(recruitments, entrants, record).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- section 7.2


def float_hex(x):
    return struct.pack(">d", float(x)).hex()


def chain_start(record):
    b = record["beacon"]
    text = f"kic-chain/1\nD {record['digest']}\nS {record['seed']}\nV {b['used']} {text_hex(b['value'])}\n"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def amendment_hash(a):
    extra = a.get("extraSeats") or {}
    lines = [
        "kic-amendment/1",
        f"P {a['prev']}",
        f"N {a['seq']}",
        entrant_line(a["entrant"]),
        "X " + (";".join(f"{r}:{int(extra[r])}" for r in sorted(extra, key=lambda r: r.encode())) or "-"),
        "T " + (text_hex(a["reason"]) if a.get("reason") else "-"),
        f"U {float_hex(a['u'])}",
        f"L {a['placed'] if a.get('placed') is not None else '-'}",
    ]
    for c in a["choices"]:
        w = c.get("waitlist")
        lines.append(f"C {c['recruitment']} {float_hex(c['key'])} {int(c['rank'])} {c['result']} {int(w) if w is not None else '-'}")
    return hashlib.sha256("".join(line + "\n" for line in lines).encode("utf-8")).hexdigest()


def chain_head(record):
    h = chain_start(record)
    for a in record.get("amendments") or []:
        h = amendment_hash(a)
    return h


# ---------------------------------------------------------------- section 4


def seed_of(secret_hex, digest_hex, beacon_value):
    data = b"kic-seed/1" + b"\x00" + bytes.fromhex(secret_hex) + bytes.fromhex(digest_hex) + beacon_value.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def u_of(seed_hex, pseudonym_hex):
    h = hashlib.sha256(bytes.fromhex(seed_hex) + bytes.fromhex(pseudonym_hex)).digest()
    x = int.from_bytes(h[0:7], "big") >> 3  # first 53 bits
    u = (float(x) + 0.5) * 2.0**-53  # float(x) exact (x < 2^53); + rounds half-even; * exact
    if u >= 1.0:
        u = U_MAX
    return u


LOTTO_RE = re.compile(r"^(0|[1-9][0-9]*):([0-9]+(?:,[0-9]+){5})\+([0-9]+)$")
DRAND_RE = re.compile(r"^(0|[1-9][0-9]*):([0-9a-f]{64})$")
NIST_RE = re.compile(r"^2-(0|[1-9][0-9]*):([0-9a-f]{128})$")


def used_kind(beacon):
    """Section 4.1: the kind of the event named by beacon.used. Raises ValueError."""
    used = beacon.get("used")
    if used == "primary":
        return beacon.get("kind")
    if used == "fallback":
        return (beacon.get("fallback") or {}).get("kind")
    raise ValueError("beacon.used: expected primary or fallback")


def check_beacon_value(kind, value):
    """Section 4.1 (and 12). Raises ValueError."""
    if not isinstance(value, str):
        raise ValueError("beacon.value: missing")
    if kind == "lotto645":
        m = LOTTO_RE.match(value)
        if not m:
            raise ValueError("beacon.value: not <draw>:<n1>,...,<n6>+<bonus>")
        six = [int(n) for n in m.group(2).split(",")]
        bonus = int(m.group(3))
        for n in six + [bonus]:
            if not 1 <= n <= 45:
                raise ValueError("beacon.value: lotto numbers must be 1-45")
        if any(six[i] >= six[i + 1] for i in range(5)):
            raise ValueError("beacon.value: the six numbers must ascend without repeats")
        if bonus in six:
            raise ValueError("beacon.value: the bonus number must differ from the six")
        # README 4.1: integers without leading zeros.
        if any(len(s) > 1 and s[0] == "0" for s in m.group(2).split(",") + [m.group(3)]):
            raise ValueError("beacon.value: leading zero")
    elif kind == "drand":
        if not DRAND_RE.match(value):
            raise ValueError("beacon.value: not <round>:<64 hex>")
    elif kind == "nist":
        if not NIST_RE.match(value):
            raise ValueError("beacon.value: not 2-<pulse>:<128 lowercase hex>")
    else:
        raise ValueError(f"beacon.kind: unknown {kind!r}")


# ---------------------------------------------------------------- section 5


def key_of(u, weight):
    return -math.log(u) / (weight / 100)


def order_key(tier, key, pseudonym):
    return (tier, key, pseudonym.encode())


def orders_of(recruitments, entrants, keys):
    """keys[p][i] = key of entrant p for its choice i. Returns {rid: [pseudonym, ...]} in order."""
    listing = {r["id"]: [] for r in recruitments}
    for e in entrants:
        p = e["pseudonym"]
        for i, c in enumerate(e["choices"]):
            listing[c["recruitment"]].append((order_key(c["tier"], keys[p][i], p), p))
    return {rid: [p for _, p in sorted(items)] for rid, items in listing.items()}


# ---------------------------------------------------------------- section 6


def allocate(recruitments, entrants, orders):
    """Deferred acceptance with a fixed schedule and pass-over (section 6). Returns {pseudonym: rid|None}."""
    seats = {r["id"]: int(r["seats"]) for r in recruitments}
    pos = {rid: {p: i for i, p in enumerate(order)} for rid, order in orders.items()}
    size = {e["pseudonym"]: len(e["members"]) for e in entrants}
    choices = {e["pseudonym"]: [c["recruitment"] for c in e["choices"]] for e in entrants}
    nxt = {p: 0 for p in choices}
    held_at = {p: None for p in choices}
    held = {rid: [] for rid in seats}
    while True:
        proposals = {}
        for p in sorted(choices):
            if held_at[p] is None and nxt[p] < len(choices[p]):
                rid = choices[p][nxt[p]]
                nxt[p] += 1
                proposals.setdefault(rid, []).append(p)
        if not proposals:
            break
        for rid, new in proposals.items():
            candidates = sorted(held[rid] + new, key=lambda p: pos[rid][p])
            free = seats[rid]
            keep = []
            for p in candidates:
                if size[p] <= free:
                    keep.append(p)
                    free -= size[p]
                    held_at[p] = rid
                else:
                    held_at[p] = None
            held[rid] = keep
    return held_at


def outcomes(entrants, orders, keys, placed):
    """Section 6.1. Returns {pseudonym: [choice outcome, ...]}."""
    by_p = {e["pseudonym"]: e for e in entrants}
    result_of = {}
    for e in entrants:
        p = e["pseudonym"]
        rids = [c["recruitment"] for c in e["choices"]]
        pi = rids.index(placed[p]) if placed[p] is not None else None
        for i, rid in enumerate(rids):
            if pi is not None and i == pi:
                res = "won"
            elif pi is not None and pi < i:
                res = "higher"
            else:
                res = "waitlist"
            result_of[(p, rid)] = res
    rank = {}
    wl = {}
    for rid, order in orders.items():
        n = 0
        for i, p in enumerate(order):
            rank[(p, rid)] = i + 1
            if result_of[(p, rid)] == "waitlist":
                n += 1
                wl[(p, rid)] = n
    out = {}
    for p, e in by_p.items():
        out[p] = [
            {
                "recruitment": c["recruitment"],
                "key": keys[p][i],
                "rank": rank[(p, c["recruitment"])],
                "result": result_of[(p, c["recruitment"])],
                "waitlist": wl.get((p, c["recruitment"])),
            }
            for i, c in enumerate(e["choices"])
        ]
    return out


# ---------------------------------------------------------------- section 6.2 (interpretation)


def first_offers(recruitments, entrants, orders, placed, outs):
    """Fill the seats the allocation leaves empty with the section 8 filling rule, at the draw's time.

    Interpretation (README is not explicit): every recruitment with free seats is pending; repeatedly
    take the pending recruitment with the smallest id and fill it until no waitlisted entrant fits;
    a move-up frees the mover's lower seat, which makes that recruitment pending.
    """
    seats = {r["id"]: int(r["seats"]) for r in recruitments}
    size = {e["pseudonym"]: len(e["members"]) for e in entrants}
    rank_of_choice = {e["pseudonym"]: {c["recruitment"]: i for i, c in enumerate(e["choices"])} for e in entrants}
    holders = {rid: {} for rid in seats}  # rid -> {p: status}
    seat_of = {}
    for p, rid in placed.items():
        if rid is not None:
            holders[rid][p] = "won"
            seat_of[p] = rid
    waitlist = {
        rid: [p for p in order if next(o for o in outs[p] if o["recruitment"] == rid)["result"] == "waitlist"]
        for rid, order in orders.items()
    }

    def free(rid):
        return seats[rid] - sum(size[p] for p in holders[rid])

    offers = []
    pending = {rid for rid in seats if free(rid) > 0}
    while pending:
        rid = min(pending, key=lambda s: s.encode())
        pending.discard(rid)
        while True:
            f = free(rid)
            if f <= 0:
                break
            taker = next((p for p in waitlist[rid] if size[p] <= f), None)
            if taker is None:
                break
            waitlist[rid].remove(taker)
            status = "offer"
            low = seat_of.get(taker)
            if low is not None:
                status = "confirmed" if holders[low][taker] == "confirmed" else "offer"
                del holders[low][taker]
                pending.add(low)
            holders[rid][taker] = status
            seat_of[taker] = rid
            mine = rank_of_choice[taker][rid]
            for other, i in rank_of_choice[taker].items():
                if i > mine and taker in waitlist[other]:
                    waitlist[other].remove(taker)
            offers.append({"pseudonym": taker, "recruitment": rid})
    return offers


# ---------------------------------------------------------------- the draw


def compute_draw(record, keys_override=None):
    """Returns (us, keys, draw). With keys_override (stored keys) the order uses those keys."""
    recruitments, entrants = record["recruitments"], record["entrants"]
    seed = record["seed"]
    us = {e["pseudonym"]: u_of(seed, e["pseudonym"]) for e in entrants}
    keys = {e["pseudonym"]: [key_of(us[e["pseudonym"]], c["weight"]) for c in e["choices"]] for e in entrants}
    order_keys = keys_override if keys_override is not None else keys
    orders = orders_of(recruitments, entrants, order_keys)
    placed = allocate(recruitments, entrants, orders)
    outs = outcomes(entrants, orders, order_keys, placed)
    offers = first_offers(recruitments, entrants, orders, placed, outs)
    results = [
        {"pseudonym": p, "u": us[p], "placed": placed[p], "choices": outs[p]}
        for p in sorted(us, key=lambda s: s.encode())
    ]
    return us, keys, {"results": results, "offers": offers}


def run_draw(record):
    if record.get("format") != FORMAT:
        raise ValueError("format: expected " + FORMAT)
    if "draw" in record or "seed" in record:
        raise ValueError("the record already has a draw")
    secret = record.get("secret")
    if not is_hex(secret, 64):
        raise ValueError("secret: expected 64 lowercase hex characters")
    beacon = record.get("beacon") or {}
    check_beacon_value(used_kind(beacon), beacon.get("value"))
    validate_entries(record["recruitments"], record["entrants"])
    validate_announcement(record)
    if commitment_of(secret) != record.get("commitment"):
        raise ValueError("commitment: does not match the secret")
    if entry_digest(record["recruitments"], record["entrants"], record) != record.get("digest"):
        raise ValueError("digest: does not match the entries")
    seed = seed_of(secret, record["digest"], beacon["value"])
    out = {}
    for k, v in record.items():
        out[k] = v
        if k == "secret":
            out["seed"] = seed
    out["seed"] = seed
    _, _, draw = compute_draw(out)
    out["draw"] = draw
    return out


# ---------------------------------------------------------------- section 11


def keys_close(a, b):
    return abs(a - b) <= KEY_TOLERANCE * max(abs(a), abs(b))


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def verify(record, published_digest, published_head=None):
    report = {"ok": True, "mismatch": None, "keyDifferences": [], "nearTies": []}
    try:
        if not is_hex(published_digest, 64):
            raise Mismatch("published.digest", "the digest published at the freeze", published_digest)
        _verify(record, published_digest, report)
        amendments = record.get("amendments") or []
        if published_head is None:
            if amendments:
                raise Mismatch("published.chainHead", "the chain head published with the last amendment", None)
        elif published_head != chain_head(record):
            raise Mismatch("chainHead", published_head, chain_head(record))
    except Mismatch as m:
        report["ok"] = False
        report["mismatch"] = m.as_json()
    return report


def _verify(record, published_digest, report):
    if record.get("format") != FORMAT:
        raise Mismatch("format", FORMAT, record.get("format"))
    secret = record.get("secret")
    if not is_hex(secret, 64):
        raise Mismatch("secret", "64 lowercase hex", secret)
    # 1. commitment
    c = commitment_of(secret)
    if c != record.get("commitment"):
        raise Mismatch("commitment", c, record.get("commitment"))
    # (not in section 11's list, but nothing below is meaningful on invalid entries)
    try:
        validate_entries(record.get("recruitments"), record.get("entrants"))
    except ValueError as err:
        raise Mismatch("entrants", "valid entries (section 3.1)", str(err)) from None
    try:
        validate_announcement(record)
    except ValueError as err:
        raise Mismatch(str(err).split(":")[0], "a valid announcement", str(err)) from None
    recruitments, entrants = record["recruitments"], record["entrants"]
    # 2. digest
    d = entry_digest(recruitments, entrants, record)
    if d != record.get("digest"):
        raise Mismatch("digest", d, record.get("digest"))
    if d != published_digest:
        raise Mismatch("digest", published_digest, d)
    # 3. seed
    beacon = record.get("beacon") or {}
    value = beacon.get("value")
    try:
        check_beacon_value(used_kind(beacon), value)
    except ValueError as err:
        field = str(err).split(":")[0]
        raise Mismatch(field, str(err), beacon.get("used") if field == "beacon.used" else value) from None
    s = seed_of(secret, d, value)
    if s != record.get("seed"):
        raise Mismatch("seed", s, record.get("seed"))
    # 4. u, keys, then the allocation on the stored keys
    draw = record.get("draw")
    if not isinstance(draw, dict) or not isinstance(draw.get("results"), list):
        raise Mismatch("draw", "a draw with results", draw)
    stored = draw["results"]
    by_p = {e["pseudonym"]: e for e in entrants}
    expected_ps = sorted(by_p, key=lambda p: p.encode())
    actual_ps = [r.get("pseudonym") if isinstance(r, dict) else None for r in stored]
    if actual_ps != expected_ps:
        raise Mismatch("draw.results", expected_ps, actual_ps)
    for r in stored:
        p = r["pseudonym"]
        want = [c["recruitment"] for c in by_p[p]["choices"]]
        got = [c.get("recruitment") if isinstance(c, dict) else None for c in r.get("choices")]
        if got != want:
            raise Mismatch(f"draw.results[{p}].choices", want, got)
    us = {p: u_of(s, p) for p in expected_ps}
    for r in stored:
        p = r["pseudonym"]
        if not is_number(r.get("u")) or r["u"] != us[p]:
            raise Mismatch(f"draw.results[{p}].u", us[p], r.get("u"))
    stored_keys = {}
    for r in stored:
        p = r["pseudonym"]
        stored_keys[p] = []
        for i, (c, oc) in enumerate(zip(by_p[p]["choices"], r["choices"])):
            k = key_of(us[p], c["weight"])
            sk = oc.get("key")
            if not is_number(sk) or not math.isfinite(sk) or not keys_close(sk, k):
                raise Mismatch(f"draw.results[{p}].choices[{i}].key", k, sk)
            if sk != k:
                report["keyDifferences"].append(
                    {"field": f"draw.results[{p}].choices[{i}].key", "stored": sk, "recomputed": k}
                )
            stored_keys[p].append(float(sk))
    orders = orders_of(recruitments, entrants, stored_keys)
    # near-ties: adjacent entries in one recruitment and one tier whose keys are within the tolerance
    tier_of = {(e["pseudonym"], c["recruitment"]): c["tier"] for e in entrants for c in e["choices"]}
    idx_of = {(e["pseudonym"], c["recruitment"]): i for e in entrants for i, c in enumerate(e["choices"])}
    for rid, order in orders.items():
        for a, b in zip(order, order[1:]):
            if tier_of[(a, rid)] == tier_of[(b, rid)]:
                ka, kb = stored_keys[a][idx_of[(a, rid)]], stored_keys[b][idx_of[(b, rid)]]
                if keys_close(ka, kb):
                    report["nearTies"].append({"recruitment": rid, "tier": tier_of[(a, rid)], "pseudonyms": [a, b], "keys": [ka, kb]})
    placed = allocate(recruitments, entrants, orders)
    outs = outcomes(entrants, orders, stored_keys, placed)
    for r in stored:
        p = r["pseudonym"]
        if r.get("placed") != placed[p]:
            raise Mismatch(f"draw.results[{p}].placed", placed[p], r.get("placed"))
        for i, (want, got) in enumerate(zip(outs[p], r["choices"])):
            for field in ("rank", "result", "waitlist"):
                if got.get(field) != want[field] or (field != "result" and isinstance(got.get(field), bool)):
                    raise Mismatch(f"draw.results[{p}].choices[{i}].{field}", want[field], got.get(field))
    offers = first_offers(recruitments, entrants, orders, placed, outs)
    if draw.get("offers") != offers:
        raise Mismatch("draw.offers", offers, draw.get("offers"))
    # 5. amendments
    verify_amendments(record, s, stored, stored_keys, report)


def verify_amendments(record, seed, stored, stored_keys, report):
    """Sections 7.1 and 7.2: each amendment's link to the record before it, then its replay."""
    amendments = record.get("amendments")
    if amendments is None:
        return
    if not isinstance(amendments, list):
        raise Mismatch("amendments", "a list", amendments)
    # the latest version of every entrant: pseudonym -> (entrant, placed, [(tier, key, waitlisted)] per choice)
    latest = {}
    for e, r in zip(sorted(record["entrants"], key=lambda e: e["pseudonym"].encode()), stored):
        latest[e["pseudonym"]] = (
            e,
            r["placed"],
            [(c["tier"], stored_keys[e["pseudonym"]][i], oc["result"] == "waitlist") for i, (c, oc) in enumerate(zip(e["choices"], r["choices"]))],
        )
    link = chain_start(record)
    for n, a in enumerate(amendments):
        seq = n + 1
        base = f"amendments[{seq}]"
        if not isinstance(a, dict) or a.get("seq") != seq:
            raise Mismatch(f"{base}.seq", seq, a.get("seq") if isinstance(a, dict) else a)
        if a.get("prev") != link:
            raise Mismatch(f"{base}.prev", link, a.get("prev"))
        e = a.get("entrant")
        p = e.get("pseudonym") if isinstance(e, dict) else None
        mine = [c["recruitment"] for c in e["choices"]]
        got = a.get("choices")
        if [c.get("recruitment") if isinstance(c, dict) else None for c in got] != mine:
            raise Mismatch(f"{base}.choices", mine, [c.get("recruitment") if isinstance(c, dict) else None for c in got])
        u = u_of(seed, p)
        if not is_number(a.get("u")) or a["u"] != u:
            raise Mismatch(f"{base}.u", u, a.get("u"))
        keys = []
        for i, (c, oc) in enumerate(zip(e["choices"], got)):
            k = key_of(u, c["weight"])
            sk = oc.get("key")
            if not is_number(sk) or not keys_close(sk, k):
                raise Mismatch(f"{base}.choices[{i}].key", k, sk)
            if sk != k:
                report["keyDifferences"].append({"field": f"{base}.choices[{i}].key", "stored": sk, "recomputed": k})
            keys.append(float(sk))
        before = latest.get(p)
        if before is not None and sorted(before[0]["members"]) != sorted(e.get("members") or []):
            raise Mismatch(f"{base}.entrant", "a correction that keeps the members", e.get("members"))
        others = [v[0] for q, v in latest.items() if q != p]
        try:
            validate_entries(record["recruitments"], others + [e])
        except ValueError as err:
            raise Mismatch(f"{base}.entrant", "a valid entrant (section 3.1)", str(err)) from None
        held = before[1] if before is not None and before[1] in mine else None
        extra = a.get("extraSeats") or {}
        for rid, k in extra.items():
            if rid not in mine or rid == held or not is_int(k, 1, MAX_SEATS):
                raise Mismatch(f"{base}.entrant", "extra seats: integers 1..MAX_SEATS, listed, not where it holds a seat", extra)
        size = len(e["members"])
        pi = next((i for i, rid in enumerate(mine) if rid == held or extra.get(rid, 0) >= size), None)
        placed = mine[pi] if pi is not None else None
        if a.get("placed") != placed:
            raise Mismatch(f"{base}.placed", placed, a.get("placed"))
        listed = {}
        for q, (oe, _, per) in latest.items():
            if q == p:
                continue
            for c, (tier, key, waiting) in zip(oe["choices"], per):
                listed.setdefault(c["recruitment"], []).append((order_key(tier, key, q), waiting))
        want = []
        for i, c in enumerate(e["choices"]):
            me = order_key(c["tier"], keys[i], p)
            ahead = [w for ok, w in listed.get(c["recruitment"], []) if ok < me]
            res = "won" if i == pi else ("higher" if pi is not None and pi < i else "waitlist")
            want.append({"rank": 1 + len(ahead), "result": res, "waitlist": 1 + sum(ahead) if res == "waitlist" else None})
        for i, (w, oc) in enumerate(zip(want, got)):
            for field in ("rank", "result", "waitlist"):
                if oc.get(field) != w[field]:
                    raise Mismatch(f"{base}.choices[{i}].{field}", w[field], oc.get(field))
        latest[p] = (e, placed, [(c["tier"], keys[i], want[i]["result"] == "waitlist") for i, c in enumerate(e["choices"])])
        link = amendment_hash(a)


# ---------------------------------------------------------------- CLI


def main(argv):
    if len(argv) < 3 or argv[1] not in ("verify", "draw", "digest", "head", "pool") or (argv[1] == "verify") != (len(argv) in (4, 5)):
        print("usage: kic_lottery.py verify FILE DIGEST [HEAD] | draw|digest|head|pool FILE", file=sys.stderr)
        return 2
    with open(argv[2], encoding="utf-8") as f:
        record = json.load(f)
    if argv[1] == "verify":
        report = verify(record, argv[3], argv[4] if len(argv) == 5 else None)
        print(json.dumps(report, ensure_ascii=False))
        return 0 if report["ok"] else 1
    if argv[1] == "digest":
        print(entry_digest(record["recruitments"], record["entrants"], record))
        return 0
    if argv[1] == "pool":
        print(entry_digest(record["recruitments"], record["entrants"]))
        return 0
    if argv[1] == "head":
        print(chain_head(record))
        return 0
    try:
        out = run_draw(record)
    except ValueError as err:
        print(f"draw: {err}", file=sys.stderr)
        return 1
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
