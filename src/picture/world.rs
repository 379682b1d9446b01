//! The world's shapes that maps are drawn from: `data/world.tsv`, compiled
//! into the binary. Each row is one territory, already projected (Equal
//! Earth), cut at the 180th meridian, simplified and written as SVG path
//! data by `data/build_world.py`; this module only reads and checks it. It
//! knows nothing of records or colours.

use std::sync::OnceLock;

/// The table as written by `data/build_world.py`.
const WORLD_TSV: &str = include_str!("../../data/world.tsv");

/// The row holding the outline of the projected world instead of a
/// territory (see `data/build_world.py`).
const SPHERE_ROW: &str = "@sphere";

/// One territory of the map: an entity of the gazetteer (`iso3`), or
/// another territory drawn in the background (Greenland, Antarctica).
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The entity's ISO 3166-1 alpha-3 code; `None` for a territory that is
    /// none of the gazetteer's entities.
    pub iso3: Option<String>,
    /// Natural Earth's name for it ("Dem. Rep. Congo"); maps name entities
    /// by the gazetteer instead.
    pub name: String,
    /// Its projected area, in square map units, before simplification.
    pub area: f64,
    /// Where a dot for it goes: the centroid of its largest polygon.
    pub label: (f64, f64),
    /// SVG path data in map units (absolute first move, relative after).
    pub path: String,
}

/// The projected world: its size in map units, its outline and its shapes.
#[derive(Debug)]
pub struct World {
    /// Width of the projected world, map units.
    pub width: f64,
    /// Height of the projected world, map units.
    pub height: f64,
    /// The outline of the projected world (the sea), SVG path data.
    pub sphere: String,
    /// Every territory, the gazetteer's entities first (by code), then the
    /// others (by name).
    pub shapes: Vec<Shape>,
}

/// A row of `data/world.tsv` that cannot be read, with its line number.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("data/world.tsv:{line}: {message}")]
pub struct WorldError {
    /// 1-based line of the table.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

/// The size the table's `# Projection: Equal Earth, W x H units` line gives.
fn size_of(comment: &str) -> Option<(f64, f64)> {
    let rest = comment.split("Equal Earth,").nth(1)?;
    let dims = rest.split("units").next()?;
    let mut it = dims.split('x').map(|s| s.trim().parse::<f64>());
    match (it.next(), it.next()) {
        (Some(Ok(w)), Some(Ok(h))) => Some((w, h)),
        _ => None,
    }
}

/// Reads a world table (the format of `data/world.tsv`).
pub fn parse(text: &str) -> Result<World, WorldError> {
    let err = |line: usize, message: String| WorldError { line, message };
    let mut size = None;
    let mut header_seen = false;
    let mut sphere = None;
    let mut shapes = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if let Some(c) = line.strip_prefix('#') {
            size = size.or_else(|| size_of(c));
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        if !header_seen {
            if line != "iso3\tname\tarea\tlabel_x\tlabel_y\tpath" {
                return Err(err(n, format!("expected the column line, found {line:?}")));
            }
            header_seen = true;
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let [iso3, name, area, lx, ly, path] = f[..] else {
            return Err(err(n, format!("{} columns, expected 6", f.len())));
        };
        let num = |s: &str, col: &str| {
            s.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| err(n, format!("{col} {s:?} is not a number")))
        };
        if !path.starts_with('M') {
            return Err(err(
                n,
                format!("path of {name:?} does not start with a move"),
            ));
        }
        if iso3 == SPHERE_ROW {
            sphere = Some(path.to_string());
            continue;
        }
        shapes.push(Shape {
            iso3: (!iso3.is_empty()).then(|| iso3.to_string()),
            name: name.to_string(),
            area: num(area, "area")?,
            label: (num(lx, "label_x")?, num(ly, "label_y")?),
            path: path.to_string(),
        });
    }
    let (width, height) = size.ok_or_else(|| {
        err(
            1,
            "no \"# Projection: Equal Earth, W x H units\" line".into(),
        )
    })?;
    let sphere = sphere.ok_or_else(|| err(1, format!("no {SPHERE_ROW} row")))?;
    Ok(World {
        width,
        height,
        sphere,
        shapes,
    })
}

/// The bundled world. The table is checked by `cargo test`, so a panic here
/// means a build that skipped its tests.
pub fn get() -> &'static World {
    static W: OnceLock<World> = OnceLock::new();
    W.get_or_init(|| parse(WORLD_TSV).unwrap_or_else(|e| panic!("{e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{EntityKind, Gazetteer};
    use std::collections::BTreeMap;

    #[test]
    fn the_bundled_table_reads() {
        let w = parse(WORLD_TSV).unwrap();
        assert_eq!((w.width, w.height), (2000.0, 974.0));
        assert!(w.shapes.len() > 220);
    }

    #[test]
    fn every_state_and_observer_has_exactly_one_shape() {
        let w = get();
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for s in &w.shapes {
            if let Some(c) = &s.iso3 {
                *count.entry(c.as_str()).or_default() += 1;
            }
        }
        let g = Gazetteer::get();
        for e in g.entities() {
            let want = usize::from(e.kind != EntityKind::Organization);
            assert_eq!(
                count.get(e.iso3.as_str()).copied().unwrap_or(0),
                want,
                "{}",
                e.iso3
            );
        }
        // And no code the gazetteer does not know.
        for c in count.keys() {
            assert!(g.by_iso3(c).is_some(), "{c}");
        }
    }

    #[test]
    fn kosovo_somaliland_and_tuvalu_are_drawn() {
        // Kosovo by name (no numeric code), Tuvalu from 1:10m.
        let w = get();
        for code in ["XKX", "TUV", "SOM", "VAT"] {
            let s = w
                .shapes
                .iter()
                .find(|s| s.iso3.as_deref() == Some(code))
                .unwrap();
            assert!(s.path.len() > 10, "{code}");
        }
    }

    #[test]
    fn no_segment_crosses_the_map() {
        // The 180th meridian is cut: a move wider than half the map would
        // be a line from one edge to the other, unless it runs along the
        // pole line at the map's top or bottom (Antarctica closes there).
        let w = get();
        for s in &w.shapes {
            for ring in s.path.split('M').filter(|r| !r.is_empty()) {
                let nums = |t: &str| -> Vec<f64> {
                    t.trim_end_matches('z')
                        .replace('-', " -")
                        .split_whitespace()
                        .map(|x| x.parse().unwrap())
                        .collect()
                };
                let (start, moves) = ring.split_once('l').unwrap();
                let p = nums(start);
                let (mut x, mut y) = (p[0], p[1]);
                for d in nums(moves).chunks(2) {
                    let along_pole = d[1] == 0.0 && (y < 1.5 || y > w.height - 1.5);
                    assert!(
                        d[0].abs() < w.width / 2.0 || along_pole,
                        "{} has a move of {} at {x},{y}",
                        s.name,
                        d[0]
                    );
                    x += d[0];
                    y += d[1];
                }
            }
        }
    }

    #[test]
    fn labels_lie_on_the_map() {
        for s in &get().shapes {
            let (x, y) = s.label;
            assert!(
                (0.0..=2000.0).contains(&x) && (0.0..=974.0).contains(&y),
                "{}",
                s.name
            );
        }
    }

    #[test]
    fn a_bad_row_is_named_by_its_line() {
        let t = "# Projection: Equal Earth, 10 x 5 units\niso3\tname\tarea\tlabel_x\tlabel_y\tpath\n@sphere\tS\t0\t0\t0\tM0 0l1 1z\nFRA\tFrance\tbig\t1\t1\tM0 0l1 1z\n";
        assert_eq!(
            parse(t).unwrap_err(),
            WorldError {
                line: 4,
                message: "area \"big\" is not a number".into()
            }
        );
    }
}
