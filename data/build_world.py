#!/usr/bin/env python3
"""Regenerates data/world.tsv, the country shapes that `whosigned map` draws.

Source: the npm package world-atlas 2.0.2 (ISC licence, by Mike Bostock), TopoJSON made from
Natural Earth's Admin 0 countries (public domain). Its countries-50m.json gives every shape but
Tuvalu's, which 1:50m leaves out; Tuvalu is taken from countries-10m.json of the same package.

    (cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz)
    python3 data/build_world.py /tmp/package

What it does, once, so that the binary only pastes path data:

1. decodes the TopoJSON (quantised, delta-encoded arcs) into rings of longitude/latitude;
2. cuts every ring at the 180th meridian: world-atlas's rings cross it (Russia's Chukotka,
   Fiji, Antarctica), and drawn as they are they would leave lines across the whole map. A ring
   is unwrapped to continuous longitudes (a ring round a pole is closed along the pole), then
   clipped to each 360-degree window and moved back into [-180, 180];
3. projects with Equal Earth (Šavrič, Patterson and Jenny 2018: equal-area, so that the sizes
   a reader compares are true), scaled to WIDTH units;
4. simplifies each ring (Douglas-Peucker, SIMPLIFY_TOLERANCE units), rounds to integers and
   drops rings left smaller than MIN_RING_AREA, keeping each entity's largest;
5. writes the outline of the world (row "@sphere"), then one row per entity of data/entities.tsv that has a shape (matched by ISO 3166-1
   numeric code, the m49 column, or by name through data/world_features.tsv), then one row per
   other territory (Greenland, Western Sahara, Antarctica...), drawn grey.

Columns: iso3 (empty for another territory), name (Natural Earth's), area (the unsimplified
projected area in square units, which the renderer compares with its dot threshold), label_x and
label_y (the area-weighted centroid of the largest polygon, where a State too small to see gets
its dot), path (SVG path data, integers, relative moves: "M x y l dx dy ... z").
"""

import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# Map units across the whole projected world. 2000 units drawn 1000 px wide leave half a pixel
# of rounding, which no one sees, with coordinates of four digits at most.
WIDTH = 2000
# Douglas-Peucker tolerance in map units: half a pixel at 1000 px. Coarser lost the shapes of
# fjord coasts (Norway, Chile) at print size; finer only made the file larger.
SIMPLIFY_TOLERANCE = 0.5
# A ring smaller than this (square units) after rounding is dropped, unless it is the largest of
# its entity: islets of a few pixels add bytes, not information, at world scale.
MIN_RING_AREA = 2.0
# For an entity whose every ring rounds away to nothing at whole units: tolerance (units) of the
# one ring kept, written to a tenth of a unit (a hundredth when a tenth leaves nothing).
FINE_TOLERANCE = 0.05

# The row that holds the outline of the projected world instead of a territory.
SPHERE = "@sphere"

# Equal Earth's constants (Šavrič et al. 2018, equation 2).
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(lon, lat):
    """Equal Earth projection of degrees, unscaled (x in [-2.7066, 2.7066])."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


X_MAX, _ = equal_earth(180, 0)
_, Y_MAX = equal_earth(0, 90)
SCALE = WIDTH / (2 * X_MAX)
HEIGHT = math.ceil(2 * Y_MAX * SCALE)


def project(lon, lat):
    x, y = equal_earth(lon, lat)
    return (x + X_MAX) * SCALE, (Y_MAX - y) * SCALE


def tsv_rows(path):
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    head = lines[0].split("\t")
    return [dict(zip(head, l.split("\t"))) for l in lines[1:]]


def decode(topo):
    """Feature list: (id, name, [polygon = [ring = [(lon, lat)]]])."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for a in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in a:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(idx):
        out = []
        for i in idx:
            p = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(p if not out else p[1:])
        return out

    out = []
    for g in topo["objects"]["countries"]["geometries"]:
        if g["type"] == "Polygon":
            polys = [g["arcs"]]
        elif g["type"] == "MultiPolygon":
            polys = g["arcs"]
        else:
            continue
        out.append((g.get("id"), g["properties"]["name"], [[ring(r) for r in p] for p in polys]))
    return out


def clip_x(ring, lo, hi):
    """Sutherland-Hodgman clip of a closed ring to lo <= x <= hi. A concave ring may come out
    with zero-width bridges along the clip line: they lie on the map's edge, where nothing
    shows them."""

    def clip(pts, inside, cross):
        out = []
        n = len(pts)
        for i in range(n):
            cur, prev = pts[i], pts[i - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(cross(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cross(prev, cur))
        return out

    def at(x0):
        def cross(a, b):
            t = (x0 - a[0]) / (b[0] - a[0])
            return (x0, a[1] + t * (b[1] - a[1]))

        return cross

    pts = ring[:-1] if ring[0] == ring[-1] else ring
    pts = clip(pts, lambda p: p[0] >= lo, at(lo))
    if pts:
        pts = clip(pts, lambda p: p[0] <= hi, at(hi))
    return pts


def cut_antimeridian(ring):
    """The ring as one or more rings within [-180, 180] of longitude (see the module's doc), and
    whether it winds round a pole."""
    jumps = any(abs(a[0] - b[0]) > 180 for a, b in zip(ring, ring[1:]))
    if not jumps:
        return [ring], False
    u = [ring[0]]
    for lon, lat in ring[1:]:
        prev = u[-1][0]
        while lon - prev > 180:
            lon -= 360
        while lon - prev < -180:
            lon += 360
        u.append((lon, lat))
    winding = round((u[-1][0] - u[0][0]) / 360)
    if winding != 0:
        # Round a pole: close along it (Antarctica, the south pole).
        pole = -90.0 if sum(p[1] for p in u) < 0 else 90.0
        u = u[:-1] + [(u[-1][0], pole), (u[0][0], pole)]
    lo = math.floor((min(p[0] for p in u) + 180) / 360)
    hi = math.floor((max(p[0] for p in u) + 180) / 360)
    out = []
    for k in range(lo, hi + 1):
        shift = 360 * k
        part = clip_x(u, shift - 180, shift + 180)
        if len(part) >= 3:
            out.append([(lon - shift, lat) for lon, lat in part])
    return out, winding != 0


def area(ring):
    """Signed area (shoelace) of a ring of projected points."""
    s = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        s += x0 * y1 - x1 * y0
    return s / 2


def centroid(ring):
    a = area(ring)
    if a == 0:
        n = len(ring)
        return sum(p[0] for p in ring) / n, sum(p[1] for p in ring) / n
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        c = x0 * y1 - x1 * y0
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    return cx / (6 * a), cy / (6 * a)


def simplify(pts, tol):
    """Douglas-Peucker on an open polyline (iterative)."""
    if len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        (ax, ay), (bx, by) = pts[i], pts[j]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, at = -1.0, -1
        for k in range(i + 1, j):
            px, py = pts[k]
            if norm == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs(dy * (px - ax) - dx * (py - ay)) / norm
            if d > best:
                best, at = d, k
        if best > tol:
            keep[at] = True
            stack.append((i, at))
            stack.append((at, j))
    return [p for p, k in zip(pts, keep) if k]


def simplify_ring(ring, tol=SIMPLIFY_TOLERANCE, digits=0):
    """A closed ring simplified and rounded to integers, or None when nothing is left. The ring
    is split at its farthest point from the first, so that Douglas-Peucker has two ends."""
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring = ring[:-1]
    if len(ring) < 3:
        return None
    x0, y0 = ring[0]
    far = max(range(len(ring)), key=lambda i: (ring[i][0] - x0) ** 2 + (ring[i][1] - y0) ** 2)
    a = simplify(ring[: far + 1], tol)
    b = simplify(ring[far:] + [ring[0]], tol)
    pts = [(round(x, digits), round(y, digits)) for x, y in a + b[1:-1]]
    out = []
    for p in pts:
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out if len(out) >= 3 else None


def number(v):
    """A coordinate as written: an integer without decimals, else to two decimals at most."""
    v = round(v, 2)
    return str(int(v)) if v == int(v) else f"{v:.2f}".rstrip("0")


def path_data(rings):
    parts = []
    for r in rings:
        x, y = r[0]
        moves = []
        for nx, ny in r[1:]:
            moves.append(f"{number(nx - x)} {number(ny - y)}")
            x, y = nx, ny
        parts.append(f"M{number(r[0][0])} {number(r[0][1])}l" + " ".join(moves) + "z")
    return "".join(parts).replace(" -", "-")


def shape(polys):
    """(area, label point, path data) of a feature's polygons, projected."""
    projected = []  # [[outer ring, hole...]]
    for poly in polys:
        # Each piece of a cut outer ring is a polygon of its own; holes (none crosses the
        # meridian) stay with the first.
        # A hole that winds round a pole is, on the plane, an outer ring closed along the pole:
        # world-atlas draws Antarctica as a ring along the south pole (a line on this
        # projection, dropped for having no area) with the coast as its hole.
        pieces, holes = [], []
        for i, ring in enumerate(poly):
            cut, polar = cut_antimeridian(ring)
            cut = [q for q in ([project(lon, lat) for lon, lat in p] for p in cut) if area(q) != 0]
            (pieces if i == 0 or polar else holes).extend(cut)
        if pieces:
            projected.append([pieces[0]] + holes)
            projected.extend([p] for p in pieces[1:])
    total = 0.0
    largest, largest_area = None, -1.0
    for rings in projected:
        outer = abs(area(rings[0]))
        holes = sum(abs(area(r)) for r in rings[1:])
        total += outer - holes
        if outer > largest_area:
            largest, largest_area = rings[0], outer
    kept = []
    biggest_simple, biggest_area = None, -1.0
    for rings in projected:
        for r in rings:
            s = simplify_ring(r)
            if s is None:
                continue
            a = abs(area(s))
            if a > biggest_area:
                biggest_simple, biggest_area = s, a
            if a >= MIN_RING_AREA:
                kept.append(s)
    if not kept and biggest_simple is not None:
        kept = [biggest_simple]
    if not kept and largest is not None:
        # A State smaller than a unit (Monaco, Nauru): its largest ring at a tenth of a unit, so
        # that it still has a shape under its dot.
        # The Holy See needs a hundredth.
        for digits in (1, 2):
            fine = simplify_ring(largest, FINE_TOLERANCE / 10 ** (digits - 1), digits)
            if fine is not None:
                kept = [fine]
                break
    cx, cy = centroid(largest)
    return total, (cx, cy), path_data(kept)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: build_world.py WORLD_ATLAS_PACKAGE_DIR")
    pkg = sys.argv[1]
    entities = tsv_rows(os.path.join(HERE, "entities.tsv"))
    by_m49 = {e["m49"]: e["iso3"] for e in entities if e["m49"]}
    by_iso3_name = {e["iso3"]: e["name"] for e in entities}
    by_name = {r["feature"]: r["iso3"] for r in tsv_rows(os.path.join(HERE, "world_features.tsv"))}
    with open(os.path.join(pkg, "countries-50m.json"), encoding="utf-8") as f:
        features = decode(json.load(f))
    present = {by_m49.get(fid) or by_name.get(name) for fid, name, _ in features}
    # Entities that 1:50m leaves out come from 1:10m, by code (Tuvalu).
    wanted = {e["iso3"] for e in entities if e["kind"] != "organization"}
    missing = {by_m49[m] for m in by_m49 if by_m49[m] in wanted - present}
    if missing:
        with open(os.path.join(pkg, "countries-10m.json"), encoding="utf-8") as f:
            features += [ft for ft in decode(json.load(f)) if by_m49.get(ft[0]) in missing]
    # Features of one entity are drawn as one (Australia and Ashmore and Cartier Islands share
    # code 036; Somaliland is drawn with Somalia).
    grouped = {}
    names = {}
    for fid, name, polys in features:
        iso3 = by_m49.get(fid) or by_name.get(name) or ""
        key = iso3 or f"~{name}"
        grouped.setdefault(key, []).extend(polys)
        # Natural Earth's name of the entity's main feature: the first one, or the one whose
        # name is the entity's (Australia, not Ashmore and Cartier Islands).
        if key not in names or name == by_iso3_name.get(iso3):
            names[key] = name
    lacking = sorted(wanted - {k for k in grouped if not k.startswith("~")})
    if lacking:
        sys.exit(f"no shape for {', '.join(lacking)}")
    # The outline of the projected world (the sea behind the shapes): the 180th meridian down
    # the east edge and back up the west, one point a degree.
    edge = [(180, lat) for lat in range(90, -91, -1)] + [(-180, lat) for lat in range(-90, 91)]
    sphere = simplify_ring([project(lon, lat) for lon, lat in edge])
    rows = [f"{SPHERE}\tSphere\t0\t0\t0\t{path_data([sphere])}"]
    for key in sorted(grouped, key=lambda k: (k.startswith("~"), k)):
        total, (lx, ly), d = shape(grouped[key])
        iso3 = "" if key.startswith("~") else key
        if not iso3 and not d:
            continue  # a territory too small to draw (Macao, Bermuda): not one of ours
        rows.append(f"{iso3}\t{names[key]}\t{total:.1f}\t{lx:.1f}\t{ly:.1f}\t{d}")
    out = os.path.join(HERE, "world.tsv")
    with open(out, "w", encoding="utf-8") as f:
        f.write(
            "# whosigned world map: country shapes, written by data/build_world.py (read it for how).\n"
            "# Source: world-atlas 2.0.2 (ISC, Mike Bostock), made from Natural Earth Admin 0\n"
            "# countries 1:50m (Tuvalu 1:10m), public domain. Credit: \"Natural Earth via world-atlas\".\n"
            f"# Projection: Equal Earth, {WIDTH} x {HEIGHT} units, y down; cut at the 180th meridian.\n"
            "iso3\tname\tarea\tlabel_x\tlabel_y\tpath\n"
        )
        for r in rows:
            f.write(r + "\n")
    print(f"{out}: {len(rows)} rows, {os.path.getsize(out)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
