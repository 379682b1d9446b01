"""The Python package against the command line, on the repository's
fixtures: the same records byte for byte, isolation from hostile files,
the CSV columns in pandas, and the traps of name matching.

Run by .ci/run after `maturin develop` into a virtual environment; it needs
the release binary (`cargo build --release`) for the command-line side."""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys

import pytest

import whosigned
from whosigned import _native

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.path.join(ROOT, "target", "release", "whosigned")
# Every fixture: the text-layer ones and the scans (read by OCR when
# tesseract is installed, as in CI).
FIXTURES = sorted(
    glob.glob(os.path.join(ROOT, "fixtures", "*.pdf"))
    + glob.glob(os.path.join(ROOT, "fixtures", "scans", "*.pdf"))
)
HOSTILE = sorted(glob.glob(os.path.join(ROOT, "tests", "hostile", "*.pdf")))


def cli_lines(paths):
    """`whosigned extract` over `paths`: its JSON lines."""
    if not os.path.exists(BINARY):
        pytest.fail(f"{BINARY} is missing: run cargo build --release first")
    out = subprocess.run(
        [BINARY, "extract", "--quiet", *paths], capture_output=True, check=False
    )
    assert out.returncode in (0, 1), out.stderr.decode()
    return out.stdout.decode().splitlines()


def test_extract_many_gives_the_command_lines_records_byte_for_byte():
    assert len(FIXTURES) >= 38
    ours = list(whosigned._json_lines(FIXTURES, progress=False))
    assert ours == cli_lines(FIXTURES)
    records = list(whosigned.extract_many(FIXTURES[:3], progress=False))
    assert [r["source"]["path"] for r in records] == FIXTURES[:3], "input order"


def test_extract_in_process_gives_the_same_record_for_a_statement():
    pdf = os.path.join(ROOT, "fixtures", "en_one_per_line_libreoffice.pdf")
    (line,) = cli_lines([pdf])
    assert whosigned.extract(pdf) == json.loads(line)


def test_hostile_files_get_error_records_and_the_interpreter_goes_on():
    records = list(whosigned.extract_many(HOSTILE, timeout=10, progress=False))
    assert len(records) == len(HOSTILE)
    by_name = {os.path.basename(r["source"]["path"]): r for r in records}
    assert by_name["zero-bytes.pdf"]["status"] == "error"
    assert by_name["truncated.pdf"]["status"] in ("error", "ok", "no_signatories")
    # Still here, and still working.
    assert whosigned.match("Chile")[0]["iso3"] == "CHL"


def test_stopping_early_stops_the_run_and_its_workers(tmp_path):
    import shutil
    import threading

    pdf = os.path.join(ROOT, "fixtures", "en_one_per_line_libreoffice.pdf")
    paths = []
    for i in range(600):
        q = tmp_path / f"{i}.pdf"
        shutil.copyfile(pdf, q)
        paths.append(str(q))
    records = whosigned.extract_many(paths, jobs=2, progress=False)
    first = next(records)
    assert first["status"] == "ok"
    records.close()
    alive = [t for t in threading.enumerate() if t.name == "whosigned-extract-many"]
    assert alive == [], "the reading thread ended with the generator"


def test_a_worker_that_dies_is_an_exception_not_a_crash():
    with pytest.raises(RuntimeError):
        _native.extract_many_json(
            FIXTURES[:1],
            lambda line: True,
            sys.executable,
            ["-c", "import os; os._exit(3)"],
        )


def test_to_frame_has_the_csv_columns_and_one_row_per_signatory():
    pd = pytest.importorskip("pandas")
    pdf = os.path.join(ROOT, "fixtures", "en_one_per_line_libreoffice.pdf")
    record = whosigned.extract(pdf)
    df = whosigned.to_frame([record])
    assert isinstance(df, pd.DataFrame)
    header = "path,sha256,status,iso3,name,as_printed,page,role,on_behalf_of,document_kind,symbol"
    assert list(df.columns) == header.split(",") == whosigned.CSV_COLUMNS
    assert len(df) == len(record["signatories"])
    assert list(df.iso3) == [s["iso3"] for s in record["signatories"]]


def test_match_keeps_the_traps_apart_and_never_guesses():
    codes = [m["iso3"] for m in whosigned.match(
        "Niger and Nigeria; Guinea, Guinea-Bissau, Papua New Guinea; "
        "Dominica, the Dominican Republic; Samoa"
    )]
    assert codes == ["NER", "NGA", "GIN", "GNB", "PNG", "DMA", "DOM", "WSM"]
    (korea,) = whosigned.match("Korea")
    assert korea["iso3"] is None and korea["candidates"] == ["KOR", "PRK"]
    (swazi,) = whosigned.match("Swaziland")
    assert swazi["iso3"] == "SWZ" and swazi["former_name"] is True


def test_states_lists_a_groups_members_on_a_day():
    parties = whosigned.states("rome-statute", as_of="2024-06-14")
    assert len(parties) == 124
    assert all("rome-statute" in s["groups"] for s in parties)
    with pytest.raises(ValueError, match="unknown group"):
        whosigned.states("no-such-group")
