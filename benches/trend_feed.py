#!/usr/bin/env python3
"""A synthetic classified feed for sitrep-trend, seeded, so anyone can rebuild it exactly.

Usage: benches/trend_feed.py demo [--seed 7] [--weeks 104] > feed.csv
       benches/trend_feed.py bulk --rows 10000000 [--places 200] [--days 730] [--seed 7] > feed.csv

Rows look like sitrep-classify's CSV output on a dated feed (the columns sitrep-trend
reads): id,date,country,admin1,escalation,escalation_probability,topic. Rows come in
random order (sitrep-trend does not need them sorted).

`demo` writes a feed of known truth, two years of weekly Poisson counts per escalation
level (each article on a random day of its week), for places that each tell one story:

  Northland   steady (no change anywhere)           Eastvale   level 3 jumps 0.5 -> 8 a week at week 70
  Southmarch  violence falls 14 -> 3 a week at 60    Westreach  a four-week spike of level 2 at week 80
  Highmoor    first level-3 articles in a year at 90 Lowfen     no coverage in weeks 40-51, else steady
  Riverton    overdispersed: calm weeks, violent bursts
  Dunmore, Ashby, Corran  steady at other volumes

`bulk` writes `--rows` rows over `--places` places (countries with an admin1 each) and
`--days` days, levels drawn 35/30/25/10%, for the throughput benchmark (benches/trend_bench.py).
"""
import argparse, datetime, math, random, sys

START = datetime.date(2024, 1, 1)  # a Monday
TOPICS = ["offensive", "displacement", "diplomacy"]


def poisson(rng, mean):
    """Knuth's method; fine for the small daily means used here."""
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def story(name, week, rng_state):
    """Weekly rates per level (0, 1, 2, 3) of each demo place in `week`."""
    if name == "Northland":
        return [4, 5, 4, 0.5]
    if name == "Eastvale":
        return [4, 4, 3, 0.5 if week < 70 else 8]
    if name == "Southmarch":
        return [3, 4, 12, 2] if week < 60 else [6, 6, 3, 0.3]
    if name == "Westreach":
        return [4, 4, 16 if 80 <= week < 84 else 3, 0.5]
    if name == "Highmoor":
        return [3, 4, 2, 0.0 if week < 90 else 3]
    if name == "Lowfen":
        return [0, 0, 0, 0] if 40 <= week < 52 else [3, 3, 5, 1]
    if name == "Riverton":
        return [3, 4, rng_state.get(week, 1.0), 0.4]
    return {"Dunmore": [10, 12, 8, 1], "Ashby": [1, 2, 1, 0.2], "Corran": [6, 6, 20, 3]}[name]


def demo(args, out):
    rng = random.Random(args.seed)
    places = ["Northland", "Eastvale", "Southmarch", "Westreach", "Highmoor", "Lowfen", "Riverton",
              "Dunmore", "Ashby", "Corran"]
    # Riverton's level-2 rate per week: mostly calm, with bursts (a gamma mixture)
    bursts = {w: rng.gammavariate(0.6, 6.0) for w in range(args.weeks)}
    rows = []
    for place in places:
        for week in range(args.weeks):
            rates = story(place, week, bursts)
            for day in range(7):
                date = START + datetime.timedelta(days=week * 7 + day)
                for level, rate in enumerate(rates):
                    for _ in range(poisson(rng, rate / 7.0)):
                        rows.append((date.isoformat(), place, level))
    rng.shuffle(rows)
    out.write("id,date,country,admin1,escalation,escalation_probability,topic\n")
    for i, (date, place, level) in enumerate(rows):
        out.write(f"syn-{i:06d},{date},{place},,{level},{rng.uniform(0.55, 0.99):.4f},{rng.choice(TOPICS)}\n")


def bulk(args, out):
    rng = random.Random(args.seed)
    places = [(f"Country{p // 4:03d}", f"Province{p % 4}") for p in range(args.places)]
    dates = [(START + datetime.timedelta(days=d)).isoformat() for d in range(args.days)]
    probs = [f"{0.5 + i / 200:.4f}" for i in range(100)]
    out.write("id,date,country,admin1,escalation,escalation_probability,topic\n")
    chunk = 100_000
    for start in range(0, args.rows, chunk):
        n = min(chunk, args.rows - start)
        ds = rng.choices(dates, k=n)
        ps = rng.choices(places, k=n)
        ls = rng.choices("0123", weights=[35, 30, 25, 10], k=n)
        qs = rng.choices(probs, k=n)
        ts = rng.choices(TOPICS, k=n)
        out.write("".join(
            f"a{start + i},{ds[i]},{ps[i][0]},{ps[i][1]},{ls[i]},{qs[i]},{ts[i]}\n" for i in range(n)
        ))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="kind", required=True)
    d = sub.add_parser("demo")
    d.add_argument("--seed", type=int, default=7)
    d.add_argument("--weeks", type=int, default=104)
    b = sub.add_parser("bulk")
    b.add_argument("--rows", type=int, required=True)
    b.add_argument("--places", type=int, default=200)
    b.add_argument("--days", type=int, default=730)
    b.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    out = sys.stdout
    if args.kind == "demo":
        demo(args, out)
    else:
        bulk(args, out)


if __name__ == "__main__":
    main()
