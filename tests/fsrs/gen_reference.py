#!/usr/bin/env python3
"""Generate reference vectors for the Rust port of py-fsrs 6.3.2's Scheduler.

Every history starts from a brand-new ``Card()`` and is fed through
``Scheduler(enable_fuzzing=False)`` (all other settings at their defaults:
desired_retention 0.9, learning steps 1m/10m, relearning step 10m, maximum
interval 36500 days).  After each review the resulting card state is recorded.

Usage:
    python3 tests/fsrs/gen_reference.py --seed 42 --histories 300 \
        > tests/fixtures/fsrs_reference.json
    python3 tests/fsrs/gen_reference.py --single [--seed N]

Only the Python standard library and ``fsrs`` (exactly 6.3.2) are used.
Coverage statistics are printed to stderr; the JSON goes to stdout.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone

REQUIRED_FSRS_VERSION = "6.3.2"


def _check_fsrs_version() -> None:
    try:
        import importlib.metadata as md

        version = md.version("fsrs")
    except Exception as exc:  # noqa: BLE001 - any failure means "not usable"
        sys.exit(
            f"error: could not determine the installed fsrs version ({exc!r}); "
            f"install it with: pip install fsrs=={REQUIRED_FSRS_VERSION}"
        )
    if version != REQUIRED_FSRS_VERSION:
        sys.exit(
            f"error: fsrs {REQUIRED_FSRS_VERSION} is required, found {version}; "
            f"install it with: pip install fsrs=={REQUIRED_FSRS_VERSION}"
        )


_check_fsrs_version()

from fsrs import Card, Rating, Scheduler, State  # noqa: E402

UTC = timezone.utc
DAY = 86400
START_LO = int(datetime(2025, 1, 1, tzinfo=UTC).timestamp())
START_HI = int(datetime(2027, 1, 1, tzinfo=UTC).timestamp()) - 1  # 2026-12-31T23:59:59Z

STATE_NAMES = {
    State.Learning: "learning",
    State.Review: "review",
    State.Relearning: "relearning",
}

# Timing modes and their weights, per state of the card *before* the review.
TIMING_WEIGHTS_STEPS = {  # Learning / Relearning (due is minutes after last review)
    "on_time": 30,
    "late": 20,
    "early": 18,
    "same_day_repeat": 14,
    "long_gap": 6,
    "day_boundary": 12,
}
TIMING_WEIGHTS_REVIEW = {
    "on_time": 20,
    "late": 18,
    "early_days": 10,
    "early_same_day": 16,
    "same_day_repeat": 10,
    "long_gap": 10,
    "day_boundary": 16,
}

# "marathon" histories: a well-known card reviewed on time / late / after long
# gaps, mostly Easy, so stability grows until maximum_interval (36500) caps it.
MARATHON_PROBABILITY = 0.08
TIMING_WEIGHTS_MARATHON = {"on_time": 40, "late": 30, "long_gap": 30}
MARATHON_RATING_WEIGHTS = (2, 3, 25, 70)

# Rating weights (Again, Hard, Good, Easy), biased so lapses are common.
RATING_WEIGHTS = {
    State.Learning: (25, 25, 30, 20),
    State.Review: (30, 20, 30, 20),
    State.Relearning: (25, 25, 30, 20),
}


def fmt(dt: datetime) -> str:
    assert dt.tzinfo == UTC and dt.microsecond == 0, dt
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def from_ts(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, tz=UTC)


def ts(dt: datetime) -> int:
    return int(dt.timestamp())


def log_uniform_int(rng: random.Random, lo: int, hi: int) -> int:
    """Integer in [lo, hi] spread log-uniformly (seconds .. hours)."""
    if hi <= lo:
        return lo
    v = int(round(math.exp(rng.uniform(math.log(lo), math.log(hi)))))
    return min(max(v, lo), hi)


def choose_weighted(rng: random.Random, weights: dict[str, int]) -> str:
    names = list(weights)
    return rng.choices(names, weights=[weights[n] for n in names])[0]


def choose_review_time(
    rng: random.Random, card: Card, profile: str
) -> tuple[int, str]:
    """Return (unix seconds, timing mode) for the next review of a reviewed card."""
    last = ts(card.last_review)
    due = ts(card.due)
    gap = due - last  # > 0 always (steps are minutes, intervals >= 1 day)
    if profile == "marathon":
        mode = choose_weighted(rng, TIMING_WEIGHTS_MARATHON)
    elif card.state == State.Review:
        mode = choose_weighted(rng, TIMING_WEIGHTS_REVIEW)
    else:
        mode = choose_weighted(rng, TIMING_WEIGHTS_STEPS)

    if mode in ("early", "early_days", "early_same_day") and gap <= 1:
        mode = "on_time"

    if mode == "on_time":
        at = due
    elif mode == "late":
        at = due + rng.randint(3600, 60 * DAY)
    elif mode == "early":
        # anywhere strictly between the last review and due
        at = last + log_uniform_int(rng, 1, gap - 1)
    elif mode == "early_days":
        # Review card reviewed at least a day after last review, but before due
        if gap > DAY + 1:
            at = rng.randint(last + DAY, due - 1)
        else:
            at = last + log_uniform_int(rng, 1, gap - 1)
    elif mode == "early_same_day":
        # seconds to hours after the last review, still the same (elapsed) day
        at = last + log_uniform_int(rng, 1, min(DAY - 1, gap - 1))
    elif mode == "same_day_repeat":
        at = last + rng.randint(60, 900)
    elif mode == "long_gap":
        at = last + rng.randint(90 * DAY, 3000 * DAY) + rng.randint(0, DAY - 1)
    elif mode == "day_boundary":
        # exactly k days after the last review, or one second either side:
        # exercises the timedelta.days floor (86399 s -> 0 days, 86400 s -> 1 day)
        at = last + rng.randint(1, 6) * DAY + rng.choice((-1, 0, 1))
    else:  # pragma: no cover
        raise AssertionError(mode)
    assert at > last
    return at, mode


def choose_rating(rng: random.Random, state: State, profile: str) -> Rating:
    weights = MARATHON_RATING_WEIGHTS if profile == "marathon" else RATING_WEIGHTS[state]
    return Rating(rng.choices((1, 2, 3, 4), weights=weights)[0])


def card_expected(card: Card) -> dict:
    return {
        "state": STATE_NAMES[card.state],
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": fmt(card.due),
        "last_review": fmt(card.last_review),
    }


def raw_interval(scheduler: Scheduler, stability: float) -> float:
    # mirror of Scheduler._next_interval before round()/clamping (for stats only)
    return (stability / scheduler._FACTOR) * (
        (scheduler.desired_retention ** (1 / scheduler._DECAY)) - 1
    )


def generate_history(
    rng: random.Random, scheduler: Scheduler, card_id: int, cov: Counter
) -> dict:
    start = from_ts(rng.randint(START_LO, START_HI))
    card = Card(card_id=card_id, due=start)  # card_id given: avoids Card()'s sleep
    assert card.state == State.Learning and card.step == 0
    n_reviews = rng.randint(1, 30)
    profile = "marathon" if rng.random() < MARATHON_PROBABILITY else "mixed"
    cov[f"profile/{profile}"] += 1
    reviews = []
    for i in range(n_reviews):
        if i == 0:
            # new cards: usually reviewed right away, sometimes later
            if rng.random() < 0.75:
                at_ts, mode = ts(start), "on_time"
            else:
                at_ts = ts(start) + log_uniform_int(rng, 1, 400 * DAY)
                mode = "late"
        else:
            at_ts, mode = choose_review_time(rng, card, profile)
        at = from_ts(at_ts)
        rating = choose_rating(rng, card.state, profile)

        before = card
        sname = STATE_NAMES[before.state]
        after, _log = scheduler.review_card(before, rating, at)

        # ---- coverage bookkeeping -------------------------------------------
        cov[f"state_rating/{sname}/{rating.name}"] += 1
        if i == 0:
            cov["first_review"] += 1
            cov[f"first_review_timing/{mode}"] += 1
        else:
            if at_ts == ts(before.due):
                timing = "on_time"
            elif at_ts < ts(before.due):
                timing = "early"
            else:
                timing = "late"
            cov[f"timing/{sname}/{timing}"] += 1
            cov[f"mode/{sname}/{mode}"] += 1
            elapsed = at_ts - ts(before.last_review)
            days = (at - before.last_review).days
            path = "short_term(days<1)" if days < 1 else "long_term(days>=1)"
            cov[f"path/{sname}/{path}"] += 1
            if before.state == State.Review and days < 1:
                cov[f"review_same_day/{rating.name}"] += 1
            if elapsed % DAY == 0:
                cov["elapsed_exact_whole_days"] += 1
            if elapsed % DAY == DAY - 1:
                cov["elapsed_whole_days_minus_1s"] += 1
            if elapsed % DAY == 1:
                cov["elapsed_whole_days_plus_1s"] += 1
        if before.state == State.Review and rating == Rating.Again:
            cov["lapse(review+again)"] += 1
        if before.state in (State.Learning, State.Relearning) and rating == Rating.Hard:
            cov[f"hard_on_step/{sname}/step{before.step}"] += 1
        if before.state != after.state:
            cov[f"transition/{sname}->{STATE_NAMES[after.state]}"] += 1
        if after.state == State.Review:
            raw = raw_interval(scheduler, after.stability)
            if round(raw) > scheduler.maximum_interval:
                cov["interval_capped_at_maximum"] += 1
            if round(raw) < 1:
                cov["interval_raised_to_1_day"] += 1
            frac = raw - math.floor(raw)
            if abs(frac - 0.5) < 0.01:
                cov["interval_raw_frac_within_0.01_of_.5"] += 1
        if after.difficulty in (1.0, 10.0):
            cov[f"difficulty_clamped_at_{after.difficulty}"] += 1
        # ----------------------------------------------------------------------

        card = after
        reviews.append(
            {"at": fmt(at), "rating": int(rating), "expected": card_expected(card)}
        )
    cov["reviews_total"] += n_reviews
    return {"start": fmt(start), "reviews": reviews}


def replay_check(doc: dict) -> None:
    """Re-parse the emitted JSON and replay it: guards against float/timestamp
    round-trip problems in the fixture itself."""
    scheduler = Scheduler(enable_fuzzing=False)
    parse = lambda s: datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)  # noqa: E731
    for h in doc["histories"]:
        card = Card(card_id=1, due=parse(h["start"]))
        for r in h["reviews"]:
            card, _ = scheduler.review_card(card, Rating(r["rating"]), parse(r["at"]))
            exp = r["expected"]
            got = card_expected(card)
            if got != exp:
                sys.exit(f"error: replay mismatch: {got} != {exp}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=None,
                    help="RNG seed (default 42; with --single a random seed)")
    ap.add_argument("--histories", type=int, default=300,
                    help="number of card histories (default 300)")
    ap.add_argument("--single", action="store_true",
                    help="emit exactly one history (same format)")
    args = ap.parse_args()

    seed = args.seed
    if seed is None:
        seed = random.SystemRandom().randrange(2**63) if args.single else 42
    n_histories = 1 if args.single else args.histories
    if n_histories < 1:
        ap.error("--histories must be >= 1")

    scheduler = Scheduler(enable_fuzzing=False)
    assert scheduler.desired_retention == 0.9
    assert scheduler.learning_steps == (timedelta(minutes=1), timedelta(minutes=10))
    assert scheduler.relearning_steps == (timedelta(minutes=10),)
    assert scheduler.maximum_interval == 36500

    rng = random.Random(seed)
    cov: Counter = Counter()
    histories = [
        generate_history(rng, scheduler, card_id=i + 1, cov=cov)
        for i in range(n_histories)
    ]

    header = {
        "generator": f"py-fsrs {REQUIRED_FSRS_VERSION}",
        "seed": seed,
        "settings": {
            "desired_retention": scheduler.desired_retention,
            "learning_steps_secs": [int(s.total_seconds()) for s in scheduler.learning_steps],
            "relearning_steps_secs": [int(s.total_seconds()) for s in scheduler.relearning_steps],
            "maximum_interval": scheduler.maximum_interval,
            "enable_fuzzing": scheduler.enable_fuzzing,
        },
    }
    head = json.dumps(header)
    assert head.endswith("}")
    out = head[:-1] + ', "histories": [\n'
    out += ",\n".join(json.dumps(h) for h in histories)
    out += "\n]}\n"

    doc = json.loads(out)
    replay_check(doc)
    sys.stdout.write(out)

    # ---- coverage report (stderr) -------------------------------------------
    err = sys.stderr
    print(f"seed={seed} histories={n_histories} reviews={cov['reviews_total']} "
          f"bytes={len(out.encode())}", file=err)
    for key in sorted(cov):
        print(f"  {key:55s} {cov[key]}", file=err)
    if n_histories > 1:
        required = [f"state_rating/{s}/{r.name}"
                    for s in ("learning", "review", "relearning") for r in Rating]
        required += [f"timing/{s}/{t}"
                     for s in ("learning", "review", "relearning")
                     for t in ("early", "on_time", "late")]
        required += [f"review_same_day/{r.name}" for r in Rating]
        required += ["lapse(review+again)",
                     "path/learning/long_term(days>=1)",
                     "path/relearning/long_term(days>=1)",
                     "elapsed_exact_whole_days", "elapsed_whole_days_minus_1s",
                     "interval_capped_at_maximum", "interval_raised_to_1_day"]
        missing = [k for k in required if cov[k] == 0]
        if missing:
            print("WARNING: coverage gaps: " + ", ".join(missing), file=err)
        else:
            print("coverage: all required buckets non-empty", file=err)


if __name__ == "__main__":
    main()
