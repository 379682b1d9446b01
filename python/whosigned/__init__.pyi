"""Type stubs of the whosigned package (see __init__.py for the docs)."""

import os
from typing import Any, Dict, Iterable, Iterator, List, Optional, Union

import pandas

PathLike = Union[str, os.PathLike[str]]

CSV_COLUMNS: List[str]

def extract(path: PathLike, *, as_of: Optional[str] = None, ocr: str = "auto") -> Dict[str, Any]: ...
def extract_many(
    paths: Iterable[PathLike],
    *,
    as_of: Optional[str] = None,
    ocr: str = "auto",
    jobs: Optional[int] = None,
    timeout: float = 10.0,
    max_memory: int = 1024,
    progress: bool = True,
) -> Iterator[Dict[str, Any]]: ...
def match(text: str) -> List[Dict[str, Any]]: ...
def states(group: Optional[str] = None, as_of: Optional[str] = None) -> List[Dict[str, Any]]: ...
def to_frame(records: Iterable[Dict[str, Any]]) -> pandas.DataFrame: ...
