# Warm fork server for R programs; run by Rscript inside the sandbox.
# Same protocol as python_worker.py: requests on the fd named by the first argument,
# answers on the second. Each program runs in a child forked with parallel's mcfork.
# R cannot wait for a child and the child must not hold the channel, so nobody reports
# the exit here: the child closes both protocol connections, waits on the FIFO
# <dir>/.multiplt-go (opened by the host once it holds a pidfd on the child) and the
# host reads the child's exit status from the kernel.
local({
  args <- commandArgs(trailingOnly = TRUE)
  requests <- file(sprintf("/dev/fd/%s", args[[1]]), open = "r")
  answers <- file(sprintf("/dev/fd/%s", args[[2]]), open = "w")

  report <- function(line) {
    writeLines(line, answers)
    flush(answers)
  }

  finish <- function(status) {
    flush(stdout())
    flush(stderr())
    parallel:::mcexit(as.integer(status))
  }

  # What Rscript prints for an error that reaches the top level.
  print_error <- function(error) {
    call <- conditionCall(error)
    if (identical(call, quote(eval(expression, envir = globalenv())))) call <- NULL  # stop() at top level
    message <- conditionMessage(error)
    if (is.null(call)) {
      cat("Error: ", message, "\n", sep = "", file = stderr())
    } else {
      cat("Error in ", paste(deparse(call, nlines = 1L), collapse = ""), " : ", message, "\n", sep = "", file = stderr())
    }
    cat("Execution halted\n", file = stderr())
  }

  # Evaluate top-level expressions one by one, printing visible values, as Rscript does.
  run_expressions <- function(expressions) {
    for (expression in expressions) {
      failed <- FALSE
      result <- withCallingHandlers(
        tryCatch(withVisible(eval(expression, envir = globalenv())), error = function(error) {
          print_error(error)
          failed <<- TRUE
        }),
        warning = function(w) invokeRestart("muffleWarning")
      )
      if (failed) return(FALSE)
      if (isTRUE(result$visible)) {
        printed <- tryCatch({ print(result$value); TRUE }, error = function(error) { print_error(error); FALSE })
        if (!printed) return(FALSE)
      }
    }
    TRUE
  }

  # Rscript runs every complete expression before a syntax error: do the same.
  run_until_syntax_error <- function(path, error) {
    lines <- readLines(path, warn = FALSE)
    where <- regmatches(conditionMessage(error), regexpr(":[0-9]+:[0-9]+:", conditionMessage(error)))
    bad_line <- if (length(where)) as.integer(strsplit(where, ":")[[1]][[2]]) else 1L
    for (last in rev(seq_len(max(0L, min(bad_line - 1L, length(lines)))))) {
      prefix <- tryCatch(parse(text = lines[seq_len(last)], keep.source = FALSE), error = function(e) NULL)
      if (!is.null(prefix)) {
        if (!run_expressions(prefix)) return(1L)
        break
      }
    }
    message <- sub("^[^:]*:[0-9]+:[0-9]+: ", "", conditionMessage(error))
    cat("Error: ", strsplit(message, "\n", fixed = TRUE)[[1]][[1]], "\nExecution halted\n", sep = "", file = stderr())
    1L
  }

  run_program <- function(path) {
    expressions <- tryCatch(parse(path, keep.source = FALSE), error = function(error) error)
    if (inherits(expressions, "error")) return(run_until_syntax_error(path, expressions))
    if (run_expressions(expressions)) 0L else 1L
  }

  run_child <- function(dir, file) {
    close(requests)
    close(answers)
    go <- file.path(dir, ".multiplt-go")
    barrier <- fifo(go, open = "r", blocking = TRUE)
    readLines(barrier, n = 1L)
    close(barrier)
    unlink(go)
    setwd(dir)
    quit_reporting <- function(save = "default", status = 0, runLast = TRUE) finish(status)
    for (name in c("quit", "q")) {
      unlockBinding(name, baseenv())
      assign(name, quit_reporting, envir = baseenv())
    }
    status <- tryCatch(run_program(file.path(dir, file)), error = function(error) { print_error(error); 1L })
    finish(status)
  }

  report(sprintf("READY %d", Sys.getpid()))
  repeat {
    line <- readLines(requests, n = 1L)
    if (length(line) == 0L) break
    parts <- strsplit(line, " ", fixed = TRUE)[[1]]
    if (length(parts) < 3L || parts[[1]] != "RUN") next
    child <- parallel:::mcfork(estranged = TRUE)
    if (inherits(child, "masterProcess")) run_child(parts[[2]], parts[[3]])
    report(sprintf("PID %d", child$pid))
    tempdir(check = TRUE)
  }
})
