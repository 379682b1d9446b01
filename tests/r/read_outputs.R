# Reads whosigned's CSV outputs as an R user would, with base R and readr,
# and fails on any warning (encoding, quoting, column types). Then counts,
# for each statement, how many States Parties to the Rome Statute signed,
# from `whosigned table --all-states` output.
#
# Usage: Rscript read_outputs.R MATRIX.csv SIGNATORIES.csv
options(warn = 2)  # every warning is an error
args <- commandArgs(trailingOnly = TRUE)
matrix_csv <- args[1]
signatories_csv <- args[2]

m <- read.csv(matrix_csv, check.names = FALSE, encoding = "UTF-8")
s <- read.csv(signatories_csv, encoding = "UTF-8")
library(readr)
m2 <- read_csv(matrix_csv, show_col_types = FALSE, progress = FALSE)
s2 <- read_csv(signatories_csv, show_col_types = FALSE, progress = FALSE)
stopifnot(nrow(problems(m2)) == 0, nrow(problems(s2)) == 0)
stopifnot(nrow(m) == nrow(m2), nrow(s) == nrow(s2), ncol(m) == ncol(m2))
# Names outside ASCII come through as UTF-8.
stopifnot(any(m$name == "C\u00f4te d'Ivoire"))

# "X of Y States Parties signed": the first six columns are iso3, name and
# the group columns; each further column is one document.
parties <- m[m[["rome-statute"]] == 1, ]
signed <- colSums(parties[, -(1:6)])
cat(sprintf("%s: %d of %d States Parties signed\n",
            basename(names(signed)), signed, nrow(parties)), sep = "")
