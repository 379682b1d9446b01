#!/bin/bash
# The same split without a scheduler: N extract tasks run by GNU parallel,
# then one merge.
#   INPUTS=pdfs N=8 examples/parallel/run.sh
# On several machines that share the folders, add to the parallel line:
#   -S host1,host2 --workdir . --env INPUTS,PARTS,WHOSIGNED,WHOSIGNED_ARGS,N
# Run again after a failure: parallel re-runs only the tasks that failed
# (--joblog with --resume-failed), and each resumes its part (--resume).
#
# Environment: INPUTS (folder of PDFs), N (tasks; default: cores), PARTS
# (default ./parts), OUTPUT (default ./records.jsonl), WHOSIGNED (default
# whosigned on PATH), WHOSIGNED_ARGS (more extract flags, split on spaces).
set -euo pipefail
: "${INPUTS:?set INPUTS to the folder of PDFs}"
N=${N:-$(nproc)}
export INPUTS N PARTS=${PARTS:-parts} WHOSIGNED=${WHOSIGNED:-whosigned}
export WHOSIGNED_ARGS=${WHOSIGNED_ARGS:-}
mkdir -p "$PARTS"
# Status 1 (some PDFs gave error records, kept in the part) is a task that
# did its work; 2 and 130 fail it, and parallel stops the others.
# shellcheck disable=SC2016 # expanded by the shell parallel starts
seq 1 "$N" | parallel --will-cite --halt now,fail=1 -j "$N" \
  --joblog "$PARTS/joblog" --resume-failed \
  '"$WHOSIGNED" extract "$INPUTS" --shard {}/"$N" --resume --quiet -j 1 -o "$PARTS/part-{}.jsonl" $WHOSIGNED_ARGS || [ $? -eq 1 ]'
"$WHOSIGNED" merge "$PARTS"/part-*.jsonl --inputs "$INPUTS" -o "${OUTPUT:-records.jsonl}"
