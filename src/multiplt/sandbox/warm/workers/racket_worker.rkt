#lang racket/base
;; Warm worker for Racket programs; run by `racket` inside the sandbox.
;; Same protocol as python_worker.py: requests on the fd named by the first argument,
;; answers on the second. Racket cannot fork, so each program runs in this process, in
;; a fresh namespace, under its own custodian (the subprocesses, threads and ports it
;; makes) and in its own thread, which is killed at the timeout. Memory is capped for
;; the whole process (RLIMIT_AS), as for `racket FILE`: a program over it aborts the
;; worker with "out of memory", which the host takes as that program's verdict.
;; `racket` and `rackunit` are instantiated once here and attached to each namespace.
;; Answers: `EXIT <code>`, plus ` TIMEOUT` when the program ran out of time, then the
;; request's nonce (its seventh field): the program shares this process, so the host
;; takes only an answer carrying the nonce it never showed the program.
(require racket/list racket/os rackunit ffi/unsafe ffi/unsafe/port ffi/unsafe/vm
         (only-in racket) (only-in racket/lang/reader))

;; Expanding and compiling a program allocates a lot: collecting less often saves about
;; a fifth of the time per program, at the cost of a larger nursery.
(vm-eval '(collect-trip-bytes (* 32 1024 1024)))

(define-namespace-anchor anchor)
(define worker-namespace (namespace-anchor->empty-namespace anchor))
(define shared-modules '(racket rackunit racket/lang/reader))

(define arguments (current-command-line-arguments))
(define requests (open-input-file (format "/dev/fd/~a" (vector-ref arguments 0))))
(define answers (open-output-file (format "/dev/fd/~a" (vector-ref arguments 1)) #:exists 'append))
(define stdout (current-output-port))
(define stderr (current-error-port))

;; Each program writes through its own duplicates of fds 1 and 2, owned by its custodian:
;; a program that closes its output ports closes only those.
(define dup (get-ffi-obj "dup" #f (_fun _int -> _int)))
(define (program-port fd name buffering)
  (define port (unsafe-file-descriptor->port (dup fd) name '(write)))
  (file-stream-buffer-mode port buffering)
  port)

(define (answer fmt . values)
  (write-string (apply format fmt values) answers)
  (newline answers)
  (flush-output answers))

;; The status `racket FILE` exits with after `(exit v)`.
(define (exit-status v) (if (byte? v) v 0))

(define (fresh-namespace)
  (define namespace (make-base-empty-namespace))
  (for ([name (in-list shared-modules)])
    (namespace-attach-module worker-namespace name namespace))
  namespace)

;; The next program's namespace, made while the host is busy with the last verdict.
(define next-namespace (fresh-namespace))

;; Run the module at `path` as `racket path` would: configure-runtime, body, main.
(define (run-module path)
  (define (maybe-submodule name)
    (define submodule `(submod ,path ,name))
    (when (module-declared? submodule #t)
      (dynamic-require submodule #f)))
  (maybe-submodule 'configure-runtime)
  (dynamic-require path #f)
  (maybe-submodule 'main))

;; Print an uncaught exception as `racket FILE` does and give its exit status. An
;; allocation over the limit aborts `racket` under its address-space limit ("out of
;; memory", SIGABRT): here the custodian refuses it first, and we answer the same.
(define (report-uncaught value)
  (cond
    [(exn:fail:out-of-memory? value) (eprintf "out of memory\n") 134]
    [(exn? value) ((error-display-handler) (exn-message value) value) 1]
    [else (eprintf "uncaught exception: ~e\n" value) 1]))

(define (run-program directory file timeout-s memory-mb nonce)
  (define custodian (make-custodian))
  (define status #f)
  (define path (build-path directory file))
  (define-values (out err)
    (parameterize ([current-custodian custodian])
      (values (program-port 1 'stdout 'block) (program-port 2 'stderr 'none))))
  (define worker
    (parameterize ([current-custodian custodian]
                   [current-namespace next-namespace]
                   [current-directory directory]
                   [current-command-line-arguments (vector)]
                   [current-subprocess-custodian-mode 'kill]
                   [current-output-port out]
                   [current-error-port err])
      (thread
       (lambda ()
         (set! status
               (let/ec escape
                 (parameterize ([exit-handler (lambda (v) (escape (exit-status v)))])
                   (with-handlers ([(lambda (e) #t) report-uncaught])
                     (run-module path)
                     0))))))))
  (define finished (sync/timeout timeout-s worker))
  (for ([port (list out err)])
    (with-handlers ([exn:fail? void]) (flush-output port)))
  (custodian-shutdown-all custodian)
  (cond
    [(not finished) (answer "EXIT -1 TIMEOUT ~a" nonce)]
    [else (answer "EXIT ~a ~a" (or status 0) nonce)])
  (set! next-namespace (fresh-namespace)))

(answer "READY ~a" (getpid))
(let serve ()
  (define line (read-line requests))
  (unless (eof-object? line)
    (define parts (regexp-split #rx" " line))
    (when (and (>= (length parts) 7) (equal? (first parts) "RUN"))
      (run-program (second parts) (third parts) (string->number (fourth parts)) (string->number (fifth parts))
                   (list-ref parts 6)))
    (serve)))
