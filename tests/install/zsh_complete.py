#!/usr/bin/env python3
"""Asks a real interactive zsh what it offers for a command line, as Tab would.

usage: zsh_complete.py COMPLETION_SCRIPT TMPDIR LINE

zsh runs in a pseudo-terminal with compinit and the script on its fpath (as _orchard). Its
compadd is wrapped so every match the completion system adds is also printed as <<match>>;
the matches are printed one a line. The technique is the one zsh-capture-completion uses.
"""
import os
import pty
import re
import select
import shutil
import sys
import time

WRAP = r"""compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  local -a __hits; builtin compadd -A __hits "$@"; local __h
  for __h in $__hits; do print -r -- "<<$__h>>"; done
  builtin compadd "$@"
}"""


def read_until(fd, marker, timeout=15.0):
    out = b""
    end = time.monotonic() + timeout
    while marker not in out:
        left = end - time.monotonic()
        if left <= 0:
            raise SystemExit(f"zsh did not print {marker!r}; it printed:\n{out.decode(errors='replace')}")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                out += os.read(fd, 65536)
            except OSError:
                break
    return out.decode(errors="replace")


def main():
    script, tmp, line = sys.argv[1:4]
    fpath = os.path.join(tmp, "zfpath")
    os.makedirs(fpath, exist_ok=True)
    shutil.copy(script, os.path.join(fpath, "_orchard"))
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(tmp)
        os.environ["TERM"] = "dumb"
        os.execvp("zsh", ["zsh", "-f", "-i"])
    send = lambda text: os.write(fd, text.encode())
    send("PROMPT='> '; unsetopt beep\n")
    send(f"fpath=({fpath} $fpath); autoload -Uz compinit; compinit -u -d {tmp}/zcompdump\n")
    send(WRAP + "\n")
    send("print SETUP''DONE\n")
    read_until(fd, b"SETUPDONE")
    send(line + "\t")
    time.sleep(0.3)
    send("\x15print END''MARK\n")  # ^U clears the line, then a marker the echo cannot match
    output = read_until(fd, b"ENDMARK")
    send("exit\n")
    os.waitpid(pid, 0)
    for match in dict.fromkeys(re.findall(r"<<(.*?)>>", output)):
        print(match)


if __name__ == "__main__":
    main()
