(* Warm fork server for OCaml programs; run by the `ocaml` toplevel inside the sandbox.
   Same protocol as python_worker.py: requests on the fd named by the first argument,
   answers on the second; each program runs in a forked child that resets the toplevel
   to its initial environment and runs the file as `ocaml FILE` would (exit 2 on an
   error or an uncaught exception). Before the program runs, the child closes both
   protocol fds and waits on the FIFO <dir>/.multiplt-go, which the host opens once it
   holds a pidfd on the child: the host reads the child's exit status from the kernel,
   not from this channel. *)
#directory "+compiler-libs";;
#load "unix.cma";;

(* The environment a program starts in, taken before this script defines anything. *)
let initial_env = !Toploop.toplevel_env

(* Load the signatures programs use most while still in the parent, once for all. *)
let _preload =
  (List.length, Array.length, String.length, Bytes.length, Char.code, Hashtbl.create, Buffer.create,
   Printf.sprintf, Option.get, Seq.empty, Int.abs, Float.abs, Stack.create, Queue.create,
   Format.printf, Fun.id, List.sort_uniq)

let fd_of_arg i : Unix.file_descr = Obj.magic (int_of_string Sys.argv.(i))
let request_fd = fd_of_arg 1
let answer_fd = fd_of_arg 2
let requests = Unix.in_channel_of_descr request_fd
let answers = Unix.out_channel_of_descr answer_fd

(* OCaml numbers signals its own way; the host wants the system's numbers. *)
let system_signal s =
  let table =
    [ (Sys.sigabrt, 6); (Sys.sigalrm, 14); (Sys.sigfpe, 8); (Sys.sighup, 1); (Sys.sigill, 4);
      (Sys.sigint, 2); (Sys.sigkill, 9); (Sys.sigpipe, 13); (Sys.sigquit, 3); (Sys.sigsegv, 11);
      (Sys.sigterm, 15); (Sys.sigusr1, 10); (Sys.sigusr2, 12); (Sys.sigbus, 7); (Sys.sigxcpu, 24);
      (Sys.sigxfsz, 25); (Sys.sigtrap, 5) ]
  in
  try List.assoc s table with Not_found -> 9

let run_child dir file =
  Unix.close request_fd;
  Unix.close answer_fd;
  let go = Filename.concat dir ".multiplt-go" in
  let barrier = open_in_bin go in
  (try ignore (input_line barrier) with End_of_file -> ());
  close_in barrier;
  Sys.remove go;
  (try ignore (Unix.setsid ()) with _ -> ());
  Unix.chdir dir;
  let path = Filename.concat dir file in
  Toploop.override_sys_argv [| path |];
  Toploop.toplevel_env := initial_env;
  let ok = try Toploop.use_silently Format.err_formatter path with _ -> false in
  Format.pp_print_flush Format.err_formatter ();
  Format.pp_print_flush Format.std_formatter ();
  exit (if ok then 0 else 2)

let rec serve () =
  match input_line requests with
  | exception End_of_file -> exit 0
  | line ->
    (match String.split_on_char ' ' line with
     | "RUN" :: dir :: file :: _ ->
       (match Unix.fork () with
        | 0 -> run_child dir file
        | pid ->
          Printf.fprintf answers "PID %d\n%!" pid;
          let rec wait () =
            try snd (Unix.waitpid [] pid) with Unix.Unix_error (Unix.EINTR, _, _) -> wait ()
          in
          let code =
            match wait () with
            | Unix.WEXITED c -> c
            | Unix.WSIGNALED s | Unix.WSTOPPED s -> - system_signal s
          in
          Printf.fprintf answers "EXIT %d\n%!" code)
     | _ -> ());
    serve ()

let () =
  Printf.fprintf answers "READY %d\n%!" (Unix.getpid ());
  serve ()
