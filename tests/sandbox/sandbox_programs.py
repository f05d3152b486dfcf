"""Test programs per language: ordinary verdicts and hostile behaviour.

Each table maps a language code to source text. ``{token}`` marks a unique string that
the test puts into every process a hostile program starts (in its command line or its
``comm``), so the test can look for survivors by it; ``{path}`` and ``{port}`` are
filled in by the test that needs them.
"""

from __future__ import annotations

LANGUAGES = ("py", "lua", "rkt", "ml", "r", "jl")

_LUA_TEST = (
    "local function f(x) return {body} end\n"
    "lu = require('luaunit')\n"
    "function test_humaneval()\n"
    "local candidate = f\n"
    "    lu.assertEquals(candidate(1), {expected})\n"
    "end\n"
    "os.exit(lu.LuaUnit.run())\n"
)
_RKT_TEST = (
    "#lang racket\n"
    "(require rackunit)\n"
    "(define (f x) {body})\n"
    "(define (test-humaneval)\n"
    "  (let ((candidate f))\n"
    "    (check-equal? (candidate 1) {expected})))\n"
    "(test-humaneval)\n"
)
_ML_TEST = "let f (x : int) : int = {body}\n\nlet assertions =\n  let candidate = f in\n  assert ((candidate 1) = {expected});\n  ()\n"
_R_TEST = (
    "f <- function(x) {{ {body} }}\n"
    "test_humaneval <- function() {{\n"
    "candidate <- f\n"
    "    stopifnot(isTRUE(all.equal(candidate(1), {expected})))\n"
    "}}\n"
    "test_humaneval()\n"
)
_PY_TEST = "def f(x):\n    return {body}\n\n\nassert f(1) == {expected}\n"
_JL_TEST = "using Test\nfunction f(x::Int64)::Int64\n    {body}\nend\n@testset begin\n    candidate = f;\n    @test(candidate(1) == {expected})\nend\n"


def _test(template: str, body: str, expected: str) -> str:
    return template.format(body=body, expected=expected)


PASSING = {
    "py": _test(_PY_TEST, "x + 1", "2"),
    "lua": _test(_LUA_TEST, "x + 1", "2"),
    "rkt": _test(_RKT_TEST, "(+ x 1)", "2"),
    "ml": _test(_ML_TEST, "x + 1", "2"),
    "r": _test(_R_TEST, "x + 1", "2"),
    "jl": _test(_JL_TEST, "x + 1", "2"),
}
FAILED_ASSERTION = {
    "py": _test(_PY_TEST, "x + 1", "3"),
    "lua": _test(_LUA_TEST, "x + 1", "3"),
    "rkt": _test(_RKT_TEST, "(+ x 1)", "3"),  # rackunit: exit 0, FAILURE on stderr
    "ml": _test(_ML_TEST, "x + 1", "3"),
    "r": _test(_R_TEST, "x + 1", "3"),
    "jl": _test(_JL_TEST, "x + 1", "3"),
}
RUNTIME_EXCEPTION = {
    "py": _test(_PY_TEST, "[][x]", "2"),
    "lua": _test(_LUA_TEST, "x.y.z", "2"),
    "rkt": _test(_RKT_TEST, "(car x)", "2"),  # rackunit: exit 0, ERROR on stderr
    "ml": _test(_ML_TEST, "List.hd []", "2"),
    "r": _test(_R_TEST, 'stop("boom")', "2"),
    "jl": _test(_JL_TEST, 'error("boom")', "2"),
}
SYNTAX_ERROR = {
    "py": _test(_PY_TEST, "x +", "2"),
    "lua": _test(_LUA_TEST, "x +", "2"),
    "rkt": _test(_RKT_TEST, "(+ x 1", "2"),
    "ml": _test(_ML_TEST, 'x ^ "a"', "2"),  # a type error: a compile error, like a syntax error
    "r": _test(_R_TEST, "x +", "2"),
    "jl": _test(_JL_TEST, "x +)", "2"),
}
INFINITE_LOOP = {
    "py": "while True:\n    pass\n",
    "lua": "while true do end\n",
    "rkt": "#lang racket\n(let loop () (loop))\n",
    "ml": "let () = let rec loop () = loop () in loop ()\n",
    "r": "while (TRUE) {}\n",
    "jl": "while true end\n",
}
MEMORY_BOMB = {
    "py": "chunks = []\nwhile True:\n    chunks.append(bytearray(10**6))\n",
    "lua": 'local t = {}\nlocal s = string.rep("x", 1000000)\nlocal i = 0\nwhile true do i = i + 1; t[i] = s .. i end\n',
    "rkt": "#lang racket\n(let loop ([acc '()]) (loop (cons (make-bytes 1000000) acc)))\n",
    "ml": "let rec loop acc = loop (Bytes.create 1000000 :: acc)\nlet () = loop []\n",
    "r": "x <- list()\ni <- 0\nwhile (TRUE) { i <- i + 1; x[[i]] <- numeric(125000) }\n",
    "jl": "chunks = []\nwhile true\n    push!(chunks, zeros(UInt8, 10^6))\nend\n",
}
# Starts up to 200 sleepers, printing "started" for each; gentle: nothing loops. {token}
# must be digits here: it makes each sleeper's command line unique (sleep 30.<token>).
_COUNTED = "for i in $(seq 200); do sleep 30.{token} & echo started; done"
COUNTED_FORKS = {
    "py": f'import subprocess\nsubprocess.run(["sh", "-c", "{_COUNTED}"])\n',
    "lua": f'os.execute([[{_COUNTED}]])\n',
    "rkt": f'#lang racket\n(void (system "{_COUNTED}"))\n',
    "ml": f'let _ = Sys.command "{_COUNTED}"\n',
    "r": f'invisible(system("{_COUNTED}"))\n',
    "jl": f'run(ignorestatus(`sh -c "{_COUNTED}"`))\n',
}
# The shell's fork bomb, started from each language; then the program waits to be killed.
_SHELL_BOMB = "f() { f | f & }; f; sleep 100 # {token}"
FORK_BOMB = {
    "py": (
        "import os\nopen('/proc/self/comm', 'w').write('{token}')\nwhile True:\n"
        "    try:\n        os.fork()\n    except OSError:\n        pass\n"
    ),
    "lua": f"os.execute([[{_SHELL_BOMB}]])\nwhile true do end\n",
    "rkt": f'#lang racket\n(system "{_SHELL_BOMB}")\n(sleep 100)\n',
    "ml": f'let _ = Sys.command "{_SHELL_BOMB}"\nlet () = while true do () done\n',
    "r": f'system("{_SHELL_BOMB}")\nSys.sleep(100)\n',
    "jl": f'run(`sh -c "{_SHELL_BOMB}"`)\nsleep(100)\n',
}
# Leaves a child running (holding stdout open) and exits at once, successfully.
_BACKGROUND = "sh -c 'sleep 1000; echo {token}' &"
BACKGROUND_CHILD = {
    "py": f'import subprocess\nsubprocess.Popen(["sh", "-c", "sleep 1000; echo {{token}}"])\nprint("started")\n',
    "lua": f'os.execute("{_BACKGROUND}")\nprint("started")\n',
    "rkt": f'#lang racket\n(void (system "{_BACKGROUND}"))\n(displayln "started")\n',
    "ml": f'let _ = Sys.command "{_BACKGROUND}"\nlet () = print_endline "started"\n',
    "r": f'invisible(system("{_BACKGROUND}"))\ncat("started\\n")\n',
    "jl": 'run(`sh -c "sleep 1000; echo {token}"`, wait=false)\nprintln("started")\n',
}
OUTPUT_FLOOD = {
    "py": "import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n",
    "lua": 'local s = string.rep("x", 65536)\nwhile true do io.write(s) end\n',
    "rkt": "#lang racket\n(define s (make-string 65536 #\\x))\n(let loop () (write-string s) (loop))\n",
    "ml": "let s = String.make 65536 'x'\nlet () = while true do print_string s done\n",
    "r": 's <- strrep("x", 65536)\nrepeat cat(s)\n',
    "jl": 's = "x" ^ 65536\nwhile true\n    print(s)\nend\n',
}
# Writes to {path}, a host path that the sandbox must not reach; raises when it cannot.
WRITE_OUTSIDE = {
    "py": "with open('{path}', 'w') as out:\n    out.write('escaped')\n",
    "lua": "local out = assert(io.open('{path}', 'w'))\nout:write('escaped')\nout:close()\n",
    "rkt": '#lang racket\n(with-output-to-file "{path}" (lambda () (display "escaped")))\n',
    "ml": 'let () = let out = open_out "{path}" in output_string out "escaped"; close_out out\n',
    "r": 'writeLines("escaped", "{path}")\n',
    "jl": 'write("{path}", "escaped")\n',
}
# Reads {path}, a file in the home folder, and prints it; raises when it cannot.
READ_HOME = {
    "py": "print(open('{path}').read())\n",
    "lua": "print(assert(io.open('{path}')):read('a'))\n",
    "rkt": '#lang racket\n(display (file->string "{path}"))\n',
    "ml": 'let () = let ic = open_in "{path}" in print_string (really_input_string ic (in_channel_length ic))\n',
    "r": 'cat(readLines("{path}"))\n',
    "jl": 'print(read("{path}", String))\n',
}
# Connects to 127.0.0.1:{port}, where the test listens on the host; raises when it cannot.
NETWORK = {
    "py": "import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=5).sendall(b'escaped')\n",
    "lua": "assert(os.execute(\"bash -c 'echo escaped > /dev/tcp/127.0.0.1/{port}'\"))\n",
    "rkt": '#lang racket\n(define-values (in out) (tcp-connect "127.0.0.1" {port}))\n(display "escaped" out)\n',
    "ml": 'let () = if Sys.command "bash -c \'echo escaped > /dev/tcp/127.0.0.1/{port}\'" <> 0 then failwith "no connection"\n',
    "r": 'con <- socketConnection("127.0.0.1", {port}, open = "w", timeout = 5)\nwriteLines("escaped", con)\n',
    "jl": 'using Sockets\nwrite(connect("127.0.0.1", {port}), "escaped")\n',
}
SLEEP = {
    "py": "import time\ntime.sleep(100)\n",
    "lua": 'os.execute("sleep 100")\n',
    "rkt": "#lang racket\n(sleep 100)\n",
    "ml": 'let _ = Sys.command "sleep 100"\n',
    "r": "Sys.sleep(100)\n",
    "jl": "sleep(100)\n",
}
# SIGKILLs its parent (and, via a shell, its parent's parent), then reports it is alive.
_KILL_PARENT = "kill -9 $(cut -d' ' -f4 /proc/$PPID/stat) 2>/dev/null; true"
KILL_PARENT = {
    "py": "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nprint('alive')\n",
    "lua": f'os.execute([[{_KILL_PARENT}]])\nprint("alive")\n',
    "rkt": f'#lang racket\n(void (system "{_KILL_PARENT}"))\n(displayln "alive")\n',
    "ml": f'let _ = Sys.command "{_KILL_PARENT}"\nlet () = print_endline "alive"\n',
    "r": f'invisible(system("{_KILL_PARENT}"))\ncat("alive\\n")\n',
    "jl": 'run(`kill -9 $(getppid())`)\nprintln("alive")\n',
}
# Fills the private /tmp (a tmpfs: host memory) with 1 MB files until a write fails.
FILL_TMP = {
    "py": "import os\nfor index in range(10_000):\n    with open(f'/tmp/fill{index}', 'wb') as out:\n        out.write(os.urandom(1 << 20))\n",
}
# Reads the environment of every process it can see (/proc/*/environ, its own included),
# prints "LEAK" with any that holds the marker MULTIPLT_TEST_SECRET, then how many it read.
READ_ENVIRONS = {
    "py": (
        "import glob\nread = 0\nfor path in glob.glob('/proc/*/environ') + glob.glob('/proc/*/task/*/environ'):\n"
        "    try:\n        data = open(path, 'rb').read()\n    except OSError:\n        continue\n"
        "    read += 1\n    if b'MULTIPLT_TEST_SECRET' in data:\n        print('LEAK', path, data)\nprint('read', read)\n"
    ),
    "lua": (
        "local read = 0\nfor pid = 1, 300 do\n  local f = io.open('/proc/' .. pid .. '/environ', 'rb')\n"
        "  if f then\n    local data = f:read('a') or ''\n    f:close()\n    read = read + 1\n"
        "    if data:find('MULTIPLT_TEST_SECRET', 1, true) then print('LEAK', pid, data) end\n  end\nend\nprint('read', read)\n"
    ),
    "rkt": (
        "#lang racket\n(define read 0)\n(for ([name (directory-list \"/proc\")])\n"
        "  (with-handlers ([exn:fail? void])\n"
        "    (define data (file->bytes (build-path \"/proc\" name \"environ\")))\n"
        "    (set! read (add1 read))\n"
        "    (when (regexp-match? #rx#\"MULTIPLT_TEST_SECRET\" data) (printf \"LEAK ~a ~a\\n\" name data))))\n"
        "(printf \"read ~a\\n\" read)\n"
    ),
    "ml": (
        "let contains text part =\n"
        "  let n = String.length text and m = String.length part in\n"
        "  let rec at i = i + m <= n && (String.sub text i m = part || at (i + 1)) in at 0\n"
        "let read = ref 0\n"
        "let () = Array.iter (fun name ->\n"
        "  try let ic = open_in_bin (\"/proc/\" ^ name ^ \"/environ\") in\n"
        "    let buffer = Buffer.create 4096 in\n"
        "    (try while true do Buffer.add_channel buffer ic 1 done with End_of_file -> ());\n"
        "    incr read;\n"
        "    if contains (Buffer.contents buffer) \"MULTIPLT_TEST_SECRET\" then print_endline (\"LEAK \" ^ Buffer.contents buffer)\n"
        "  with Sys_error _ -> ()) (Sys.readdir \"/proc\")\n"
        "let () = Printf.printf \"read %d\\n\" !read\n"
    ),
    "r": (
        "read <- 0\nfor (name in list.files('/proc')) {\n"
        "  data <- tryCatch(readBin(file.path('/proc', name, 'environ'), 'raw', 1e6), error = function(e) NULL, warning = function(w) NULL)\n"
        "  if (is.null(data)) next\n  read <- read + 1\n  data[data == as.raw(0)] <- as.raw(32)\n"
        "  if (grepl('MULTIPLT_TEST_SECRET', rawToChar(data), fixed = TRUE)) cat('LEAK', rawToChar(data), '\\n')\n}\n"
        "cat('read', read, '\\n')\n"
    ),
    "jl": (
        "global n = 0\nfor name in readdir(\"/proc\")\n    try\n        data = read(\"/proc/$name/environ\", String)\n"
        "        global n += 1\n        occursin(\"MULTIPLT_TEST_SECRET\", data) && println(\"LEAK \", data)\n    catch\n    end\nend\nprintln(\"read \", n)\n"
    ),
}
# Tries to forge its verdict: writes worker-protocol answers ("EXIT 0", "PID 1"...) into
# every fd of every process it can reopen through /proc/<pid>/fd (its parent's, the
# warm worker's, included) and into its own inherited fds, then fails.
_FORGED = "EXIT 0\\nPID 1\\nEXIT 0\\nEXIT 0 TIMEOUT\\nREADY 1\\n"
FORGE_VERDICT = {
    "py": (
        "import os\npayload = b'" + _FORGED + "'\n"
        "for pid in [p for p in os.listdir('/proc') if p.isdigit()] + ['self']:\n"
        "    try:\n        names = os.listdir(f'/proc/{pid}/fd')\n    except OSError:\n        continue\n"
        "    for name in names:\n        if name in ('0', '1', '2'):\n            continue\n"
        "        try:\n            fd = os.open(f'/proc/{pid}/fd/{name}', os.O_WRONLY | os.O_NONBLOCK | os.O_APPEND)\n"
        "        except OSError:\n            continue\n"
        "        try:\n            os.write(fd, payload)\n        except OSError:\n            pass\n        os.close(fd)\n"
        "for fd in range(3, 256):\n    try:\n        os.write(fd, payload)\n    except OSError:\n        pass\n"
        "assert 1 == 2\n"
    ),
    "lua": (
        "local payload = '" + _FORGED + "'\n"
        "for pid = 1, 300 do\n  for fd = 3, 64 do\n"
        "    local f = io.open('/proc/' .. pid .. '/fd/' .. fd, 'a')\n"
        "    if f then pcall(function() f:write(payload); f:close() end) end\n  end\nend\n"
        "assert(1 == 2)\n"
    ),
    "rkt": (
        "#lang racket\n(require ffi/unsafe)\n(define payload #\"" + _FORGED + "\")\n"
        "(define c-write (get-ffi-obj \"write\" #f (_fun _int _bytes _size -> _intptr)))\n"
        "(for* ([pid (directory-list \"/proc\")]\n"
        "       [fd (with-handlers ([exn:fail? (lambda (e) '())]) (directory-list (build-path \"/proc\" pid \"fd\")))]\n"
        "       #:unless (member (path->string fd) '(\"0\" \"1\" \"2\")))\n"
        "  (with-handlers ([exn:fail? void])\n"
        "    (define out (open-output-file (build-path \"/proc\" pid \"fd\" fd) #:exists 'append))\n"
        "    (write-bytes payload out)\n    (close-output-port out)))\n"
        ";; the worker runs programs in-process: its own pipe fds are this program's\n"
        "(for ([fd (directory-list \"/proc/self/fd\")])\n"
        "  (define n (string->number (path->string fd)))\n"
        "  (when (and n (> n 2) (with-handlers ([exn:fail? (lambda (e) #f)])\n"
        "                         (regexp-match? #rx\"^pipe:\" (path->string (resolve-path (build-path \"/proc/self/fd\" fd))))))\n"
        "    (c-write n payload (bytes-length payload))))\n"
        "(error \"forged\")\n"
    ),
    "ml": (
        "let payload = \"" + _FORGED + "\"\n"
        "let () = Array.iter (fun pid ->\n"
        "  let dir = \"/proc/\" ^ pid ^ \"/fd\" in\n"
        "  let names = try Sys.readdir dir with Sys_error _ -> [||] in\n"
        "  Array.iter (fun name -> if not (List.mem name [\"0\"; \"1\"; \"2\"]) then\n"
        "    try let oc = open_out_gen [Open_wronly; Open_append; Open_nonblock] 0 (dir ^ \"/\" ^ name) in\n"
        "      (try output_string oc payload; close_out oc with _ -> ())\n"
        "    with Sys_error _ -> ()) names) (Sys.readdir \"/proc\")\n"
        "let () = assert (1 = 2)\n"
    ),
    "r": (
        "payload <- '" + _FORGED + "'\n"
        "for (pid in list.files('/proc')) for (fd in setdiff(list.files(file.path('/proc', pid, 'fd')), c('0', '1', '2'))) {\n"
        "  path <- file.path('/proc', pid, 'fd', fd)\n"
        "  if (!grepl('^pipe:', Sys.readlink(path))) next\n"
        "  tryCatch({ con <- file(path, open = 'a'); cat(payload, file = con); close(con) }, error = function(e) NULL, warning = function(w) NULL)\n"
        "}\n"
        "stopifnot(1 == 2)\n"
    ),
    "jl": (
        "payload = \"" + _FORGED + "\"\n"
        "for pid in readdir(\"/proc\"), fd in (try readdir(\"/proc/$pid/fd\") catch; String[] end)\n"
        "    fd in (\"0\", \"1\", \"2\") && continue\n"
        "    try open(io -> write(io, payload), \"/proc/$pid/fd/$fd\", \"a\") catch end\nend\n"
        "@assert 1 == 2\n"
    ),
}
# Prints what bubblewrap prints when it cannot set a sandbox up, and exits 1 at once.
_SPOOF = "bwrap: Can't mount proc on /newroot/proc: Operation not permitted"
SPOOF_BWRAP = {
    "py": f"import sys\nsys.stderr.write({_SPOOF!r} + '\\n')\nsys.exit(1)\n",
    "lua": f"io.stderr:write({_SPOOF!r} .. '\\n')\nos.exit(1)\n",
    "rkt": f'#lang racket\n(eprintf "{_SPOOF}\\n")\n(exit 1)\n',
    "ml": f'let () = prerr_endline "{_SPOOF}"; exit 1\n',
    "r": f'cat("{_SPOOF}\\n", file = stderr())\nquit(status = 1)\n',
    "jl": f'println(stderr, "{_SPOOF}")\nexit(1)\n',
}
# Writes 4 MB files into {folder} until a write fails (uncaught), printing "w" after each.
FILL_FOLDER = {
    "py": (
        "import sys\nchunk = b'x' * (4 << 20)\nfor index in range(50):\n"
        "    with open(f'{folder}/fill{index}', 'wb') as out:\n        out.write(chunk)\n"
        "    print('w', flush=True)\n"
    ),
    "lua": (
        "local chunk = string.rep('x', 4 << 20)\nfor index = 1, 50 do\n"
        "  local out = assert(io.open('{folder}/fill' .. index, 'wb'))\n"
        "  assert(out:write(chunk))\n  assert(out:close())\n  print('w')\n  io.stdout:flush()\nend\n"
    ),
    "rkt": (
        "#lang racket\n(define chunk (make-bytes (* 4 1024 1024) 120))\n(for ([index 50])\n"
        "  (call-with-output-file (format \"{folder}/fill~a\" index) (lambda (out) (write-bytes chunk out)) #:exists 'replace)\n"
        "  (displayln \"w\")\n  (flush-output))\n"
    ),
    "ml": (
        "let chunk = String.make (4 * 1024 * 1024) 'x'\n"
        "let () = for index = 0 to 49 do\n"
        "  let out = open_out_bin (Printf.sprintf \"{folder}/fill%d\" index) in\n"
        "  output_string out chunk; close_out out; print_endline \"w\"\ndone\n"
    ),
    "r": (
        "chunk <- as.raw(rep(120L, 4 * 1024 * 1024))\nfor (index in 1:50) {\n"
        "  con <- file(sprintf('{folder}/fill%d', index), 'wb')\n  writeBin(chunk, con)\n  close(con)\n"
        "  cat('w\\n')\n}\n"
    ),
    "jl": 'chunk = fill(UInt8(120), 4 * 1024 * 1024)\nfor index in 1:50\n    write("{folder}/fill$index", chunk)\n    println("w")\nend\n',
}
# Says which of the places a program could leave a file already hold one, then leaves one in each.
_CARRY = ("carry", "/tmp/carry", "/dev/shm/carry", "/dev/carry", "/scratch/carry", "/carry")
CARRY_OVER = {
    "py": (
        f"import os\npaths = {list(_CARRY)!r}\n"
        "for path in paths:\n    if os.path.exists(path):\n        print('FOUND', path)\n"
        "for path in paths:\n    try:\n        open(path, 'w').write('x' * 1000)\n    except OSError:\n        pass\nprint('done')\n"
    ),
    "lua": (
        "local paths = {" + ", ".join(f"'{p}'" for p in _CARRY) + "}\n"
        "for _, path in ipairs(paths) do local f = io.open(path) if f then print('FOUND', path) f:close() end end\n"
        "for _, path in ipairs(paths) do local f = io.open(path, 'w') if f then f:write('x') f:close() end end\nprint('done')\n"
    ),
    "rkt": (
        "#lang racket\n(define paths '(" + " ".join(f'"{p}"' for p in _CARRY) + "))\n"
        "(for ([path paths]) (when (file-exists? path) (printf \"FOUND ~a\\n\" path)))\n"
        "(for ([path paths]) (with-handlers ([exn:fail? void]) (with-output-to-file path (lambda () (display \"x\")) #:exists 'replace)))\n"
        "(displayln \"done\")\n"
    ),
    "ml": (
        "let paths = [" + "; ".join(f'"{p}"' for p in _CARRY) + "]\n"
        "let () = List.iter (fun path -> if Sys.file_exists path then print_endline (\"FOUND \" ^ path)) paths\n"
        "let () = List.iter (fun path -> try let out = open_out path in output_string out \"x\"; close_out out with Sys_error _ -> ()) paths\n"
        "let () = print_endline \"done\"\n"
    ),
    "r": (
        "paths <- c(" + ", ".join(f"'{p}'" for p in _CARRY) + ")\n"
        "for (path in paths) if (file.exists(path)) cat('FOUND', path, '\\n')\n"
        "for (path in paths) tryCatch(writeLines('x', path), error = function(e) NULL, warning = function(w) NULL)\ncat('done\\n')\n"
    ),
    "jl": (
        "paths = [" + ", ".join(f'"{p}"' for p in _CARRY) + "]\n"
        "for path in paths\n    isfile(path) && println(\"FOUND \", path)\nend\n"
        "for path in paths\n    try write(path, \"x\") catch end\nend\nprintln(\"done\")\n"
    ),
}
# Fills {folder} past its cap but ignores every failed write, then exits 0.
FILL_IGNORING_ERRORS = {
    "py": (
        "chunk = b'x' * (4 << 20)\nfor index in range(50):\n    try:\n"
        "        with open(f'{folder}/fill{index}', 'wb') as out:\n            out.write(chunk)\n    except OSError:\n        pass\n"
    ),
    "lua": "local chunk = string.rep('x', 4 << 20)\nfor index = 1, 50 do\n  local out = io.open('{folder}/fill' .. index, 'wb')\n  if out then out:write(chunk) out:close() end\nend\n",
    "rkt": (
        "#lang racket\n(define chunk (make-bytes (* 4 1024 1024) 120))\n(for ([index 50])\n  (with-handlers ([exn:fail? void])\n"
        "    (call-with-output-file (format \"{folder}/fill~a\" index) (lambda (out) (write-bytes chunk out)) #:exists 'replace)))\n"
    ),
    "ml": (
        "let chunk = String.make (4 * 1024 * 1024) 'x'\n"
        "let () = for index = 0 to 49 do\n  try let out = open_out_bin (Printf.sprintf \"{folder}/fill%d\" index) in\n"
        "    (try output_string out chunk; close_out out with Sys_error _ -> close_out_noerr out)\n  with Sys_error _ -> ()\ndone\n"
    ),
    "r": "chunk <- as.raw(rep(120L, 4 * 1024 * 1024))\nfor (index in 1:50) suppressWarnings({ con <- file(sprintf('{folder}/fill%d', index), 'wb'); writeBin(chunk, con); close(con) })\n",
    "jl": 'chunk = fill(UInt8(120), 4 * 1024 * 1024)\nfor index in 1:50\n    try write("{folder}/fill$index", chunk) catch end\nend\n',
}
