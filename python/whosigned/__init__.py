"""whosigned: which States signed a declaration PDF.

Joint statements, communiqués, open letters and the sponsor lists of UN
draft resolutions, read into records of schema v1 (the same JSON as
``whosigned extract`` writes; see docs/record.md): each signatory with its
ISO 3166-1 codes, canonical name, the name as printed, page and role.

>>> import whosigned
>>> [m["iso3"] for m in whosigned.match("Niger, Nigeria and Papua New Guinea")]
['NER', 'NGA', 'PNG']
"""

from __future__ import annotations

import json
import os
import queue
import sys
import threading
from typing import Any, Dict, Iterable, Iterator, List, Optional, Union

from whosigned import _native

__all__ = ["extract", "extract_many", "match", "states", "to_frame", "CSV_COLUMNS"]

PathLike = Union[str, "os.PathLike[str]"]

#: The columns of :func:`to_frame`, as ``whosigned extract --format csv``.
CSV_COLUMNS: List[str] = list(_native.csv_header())


def extract(path: PathLike, *, as_of: Optional[str] = None, ocr: str = "auto") -> Dict[str, Any]:
    """Reads one PDF in this process and returns its record (a dict).

    ``as_of`` (``"YYYY-MM-DD"``) is the day group membership is taken on,
    instead of the date printed in the statement. ``ocr`` is ``"auto"``
    (pages without text, when tesseract is installed), ``"always"`` or
    ``"never"``. Nothing that can abort the interpreter runs here; for many
    files, or files you do not trust, use :func:`extract_many`, which reads
    each in a worker process.
    """
    return json.loads(_native.extract_json(os.fspath(path), as_of, ocr))


def _json_lines(
    paths: Iterable[PathLike],
    *,
    as_of: Optional[str] = None,
    ocr: str = "auto",
    jobs: Optional[int] = None,
    timeout: float = 10.0,
    max_memory: int = 1024,
    progress: bool = True,
) -> Iterator[str]:
    """The records of :func:`extract_many` as JSON text, exactly as
    ``whosigned extract`` writes each line."""
    paths = [os.fspath(p) for p in paths]
    lines: "queue.Queue[Any]" = queue.Queue(maxsize=256)
    done = object()
    failure: List[BaseException] = []
    cancelled = threading.Event()

    def put(item: Any) -> bool:
        """Hands `item` to the caller; False once the caller has gone, so
        that the run takes no more files and this thread never blocks on a
        full queue that nobody reads."""
        while not cancelled.is_set():
            try:
                lines.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            _native.extract_many_json(
                paths,
                put,
                sys.executable,
                ["-m", "whosigned._worker"],
                as_of,
                ocr,
                jobs,
                timeout,
                max_memory,
            )
        except BaseException as e:  # handed to the caller's thread
            failure.append(e)
        finally:
            put(done)

    reader = threading.Thread(target=run, name="whosigned-extract-many", daemon=True)
    reader.start()
    count = 0
    try:
        while True:
            line = lines.get()
            if line is done:
                break
            count += 1
            if progress and sys.stderr.isatty():
                print(f"\r{count}/{len(paths)} files", end="", file=sys.stderr, flush=True)
            yield line
    finally:
        # Also when the caller stops early: the run stops taking files and
        # its workers end with it.
        cancelled.set()
        reader.join()
    if progress and sys.stderr.isatty():
        print(file=sys.stderr)
    if failure:
        raise failure[0]


def extract_many(
    paths: Iterable[PathLike],
    *,
    as_of: Optional[str] = None,
    ocr: str = "auto",
    jobs: Optional[int] = None,
    timeout: float = 10.0,
    max_memory: int = 1024,
    progress: bool = True,
) -> Iterator[Dict[str, Any]]:
    """Reads many PDFs in parallel and yields their records in input order.

    Each file is read in a worker process (``jobs`` of them, default one per
    core) with ``timeout`` seconds and ``max_memory`` MiB, as ``whosigned
    extract`` reads them: a file that crashes, hangs or exhausts memory
    gets an error record and costs only its worker, never this interpreter.
    The GIL is released while files are read. ``progress`` prints a counter
    on a terminal. Stopping early (``break``, or closing the generator)
    stops the run: no further file is read.
    """
    for line in _json_lines(
        paths,
        as_of=as_of,
        ocr=ocr,
        jobs=jobs,
        timeout=timeout,
        max_memory=max_memory,
        progress=progress,
    ):
        yield json.loads(line)


def match(text: str) -> List[Dict[str, Any]]:
    """The State names in ``text``, in order.

    Each is ``{"iso3", "name", "as_printed", "start", "end"}`` (offsets in
    characters of the text normalised as a document is), with
    ``"former_name": True`` for a name the State used before ("Swaziland").
    A name that could mean several States ("Korea"), or a place's name that
    one State also uses ("Macedonia"), is never guessed: it comes with
    ``"iso3": None`` and its ``"candidates"``.
    """
    found = json.loads(_native.match_json(text))
    unsure = [dict(m, iso3=None) for m in found["ambiguous"] + found["place_or_state"]]
    return sorted(found["matches"] + unsure, key=lambda m: m["start"])


def states(group: Optional[str] = None, as_of: Optional[str] = None) -> List[Dict[str, Any]]:
    """The entities whosigned knows (States, observer States, the EU), or
    the members of ``group`` (e.g. ``"rome-statute"``, ``"eu"``, ``"un"``)
    on ``as_of`` (default: today), as ``whosigned states --json`` lists
    them: codes, kind, English, French and Spanish names, and groups."""
    return json.loads(_native.states_json(group, as_of))


def to_frame(records: Iterable[Dict[str, Any]]) -> "Any":
    """A pandas DataFrame with one row per document × signatory (a document
    without signatories keeps one row), in the columns of ``whosigned
    extract --format csv`` (:data:`CSV_COLUMNS`). Needs pandas
    (``pip install "whosigned[pandas]"``)."""
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - depends on the install
        raise ImportError('to_frame needs pandas: pip install "whosigned[pandas]"') from e
    rows: List[List[str]] = []
    for r in records:
        rows.extend(_native.csv_rows(json.dumps(r)))
    return pd.DataFrame(rows, columns=CSV_COLUMNS)
