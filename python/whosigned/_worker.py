"""A worker process of `whosigned.extract_many`: reads the files its parent
sends on stdin, one record per file on stdout, until stdin ends. Started as
`python -m whosigned._worker __worker ...`; a file that crashes or exhausts
it costs only this process, never the interpreter that asked."""

import sys

from whosigned._native import serve_worker

if __name__ == "__main__":
    serve_worker(sys.argv[1:])
