# One Python for a whole test process (see run-python.ts): it runs each script it is sent as
# `python -c SCRIPT ARGS...` (or `python FILE ARGS...`) would, as a fresh __main__ with its own globals,
# and answers with what the script wrote and its exit status. Starting an interpreter and importing
# openpyxl costs ~0.1 s of CPU each time; tests ran ~700 of them a suite.
#
# Frames both ways: a 4-byte big-endian length, then that many bytes of JSON.
# Request: {"source", "filename", "argv", "cwd", "env", "stdin"}; stdin base64.
# Answer: {"status", "stdout", "stderr"}; both base64, the bytes the script wrote.
import base64
import builtins
import gc
import io
import json
import os
import sys
import time
import traceback
import types

# The pipes stay ours alone: a script (or a library in C) writing to fd 1 directly, or reading fd 0,
# must not corrupt the frames. fd 1 goes to our stderr, which the worker drains; fd 0 reads nothing.
requests = os.fdopen(os.dup(0), 'rb', buffering=0)
answers = os.fdopen(os.dup(1), 'wb')
os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
os.dup2(2, 1)

text_encoding = sys.stdout.encoding
text_errors = sys.stdout.errors


def read_exact(count):
    chunks = []
    while count:
        chunk = requests.read(count)
        if not chunk:
            return None
        chunks.append(chunk)
        count -= len(chunk)
    return b''.join(chunks)


def captured(errors):
    raw = io.BytesIO()
    return raw, io.TextIOWrapper(raw, encoding=text_encoding, errors=errors, write_through=True)


def set_environment(env):
    old_tz = os.environ.get('TZ')
    os.environ.clear()
    os.environ.update(env)
    # A separate process reads TZ once as it starts; ours is asked again when it changed.
    if os.environ.get('TZ') != old_tz:
        time.tzset()
    # tempfile keeps the folder it found from TMPDIR at its first use; a new process finds it afresh.
    # The tests' setup gives each test file a TMPDIR of its own, deleted after it.
    if 'tempfile' in sys.modules:
        sys.modules['tempfile'].tempdir = None


def exit_status(code, stderr):
    # As the interpreter treats SystemExit when it ends: None is 0, an int is itself, anything else is
    # printed to stderr and exits 1.
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=stderr)
    return 1


def run(request):
    stdout_raw, stdout = captured(text_errors)
    stderr_raw, stderr = captured('backslashreplace')
    stdin = io.TextIOWrapper(io.BytesIO(base64.b64decode(request['stdin'])), encoding=text_encoding)
    saved = (os.getcwd(), dict(os.environ), sys.argv, sys.stdin, sys.stdout, sys.stderr)
    filename = request['filename']
    # Files the script opens and leaves open are flushed at a separate process's exit; here they are
    # closed after the script, before the answer, so the caller reads them whole.
    opened = []

    def open_tracked(*args, **kwargs):
        handle = io.open(*args, **kwargs)
        opened.append(handle)
        return handle

    script_builtins = dict(builtins.__dict__)
    script_builtins['open'] = open_tracked
    # The script's own module, and sys.modules['__main__'] while it runs (dataclasses, pickle and typing
    # look a class's module up there), as in a process of its own.
    module = types.ModuleType('__main__')
    main = module.__dict__
    main['__builtins__'] = script_builtins
    if filename != '<string>':
        main['__file__'] = filename
    server_module = sys.modules['__main__']
    sys.modules['__main__'] = module
    sys.path[:] = [os.path.dirname(filename) if filename != '<string>' else ''] + base_path[1:]
    sys.argv = request['argv']
    sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
    status = 0
    try:
        set_environment(request['env'])
        if request['cwd'] is not None:
            os.chdir(request['cwd'])
        exec(compile(request['source'], filename, 'exec'), main)
    except SystemExit as stop:
        status = exit_status(stop.code, stderr)
    except BaseException as error:
        # The traceback `python -c` prints: from the script's own frame, not this server's.
        traceback.print_exception(type(error), error, error.__traceback__.tb_next, file=stderr)
        status = 1
    finally:
        for handle in opened:
            try:
                handle.close()
            except Exception as error:
                print(f'Exception ignored in closing {handle!r}: {error!r}', file=stderr)
        sys.modules['__main__'] = server_module
        main.clear()
        gc.collect()
        cwd, env, sys.argv, sys.stdin, sys.stdout, sys.stderr = saved
        os.chdir(cwd)
        set_environment(env)
        sys.path[:] = base_path
    stdout.flush()
    stderr.flush()
    return {
        'status': status,
        'stdout': base64.b64encode(stdout_raw.getvalue()).decode('ascii'),
        'stderr': base64.b64encode(stderr_raw.getvalue()).decode('ascii'),
    }


def serve():
    while True:
        head = read_exact(4)
        if head is None:
            return  # The test process ended (its end of the pipe closed): so do we.
        body = read_exact(int.from_bytes(head, 'big'))
        if body is None:
            return
        answer = json.dumps(run(json.loads(body))).encode('ascii')
        answers.write(len(answer).to_bytes(4, 'big') + answer)
        answers.flush()


# What a fresh `python -c` has on its path: '' (the working folder) first, taken before any script ran.
sys.path[0] = ''
base_path = list(sys.path)
serve()
