#!/bin/bash
# Submits an array of N extract tasks over INPUTS and the merge that waits
# for all of them:
#   INPUTS=/scratch/$USER/pdfs N=100 examples/slurm/submit.sh
# Run it from the folder where parts/ and records.jsonl should go. If a
# task fails, the merge does not run; resubmit that task with the array's
# size (ARRAY_SIZE=$N sbatch --array=K extract.sbatch: it resumes) and then
# merge.sbatch, or see `whosigned merge --help` for listing what is left.
# PARTS, OUTPUT, WHOSIGNED and WHOSIGNED_ARGS are passed on to the jobs.
set -euo pipefail
: "${INPUTS:?set INPUTS to the folder of PDFs}"
: "${N:?set N to the number of tasks}"
here=$(cd "$(dirname "$0")" && pwd)
export INPUTS
array=$(sbatch --parsable --export=ALL --array="1-$N" "$here/extract.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --export=ALL --dependency="afterok:$array" "$here/merge.sbatch")
echo "array job $array ($N tasks), merge job ${merge%%;*}"
