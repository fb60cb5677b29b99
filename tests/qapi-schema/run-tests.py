#!/usr/bin/env python3
"""
Run the QAPI generator on each schema of this directory that has an
'# expect:' line, and check the outcome:

  # expect: success          the generator succeeds
  # expect: LINE: MESSAGE    it fails (exit status 1) and reports
  # expect: LINE:COL: MESSAGE    "FILE:LINE[:COL]: MESSAGE"

Usage: run-tests.py QAPI-GEN [SCHEMA-DIR]
"""

import os
import subprocess
import sys
import tempfile


def expectation(path):
    with open(path, encoding='utf-8') as fp:
        for line in fp:
            if line.startswith('# expect:'):
                return line[len('# expect:'):].strip()
    return None


def run_case(gen, schema_dir, fname, expect):
    with tempfile.TemporaryDirectory() as outdir:
        proc = subprocess.run(
            [sys.executable, gen, '-o', outdir, fname],
            cwd=schema_dir, capture_output=True, text=True, check=False)
    err = proc.stderr
    if 'Traceback' in err:
        return 'generator crashed:\n' + err
    if expect == 'success':
        if proc.returncode != 0:
            return 'expected success, got:\n' + err
        return None
    if proc.returncode != 1:
        return 'expected exit status 1, got %d\n%s' % (proc.returncode, err)
    want = '%s:%s' % (fname, expect)
    if want not in err:
        return 'expected error\n  %s\ngot\n  %s' % (want, err.strip())
    return None


def main():
    gen = os.path.abspath(sys.argv[1])
    schema_dir = sys.argv[2] if len(sys.argv) > 2 else \
        os.path.dirname(os.path.abspath(__file__))
    failures = 0
    cases = 0
    for fname in sorted(os.listdir(schema_dir)):
        if not fname.endswith('.json'):
            continue
        expect = expectation(os.path.join(schema_dir, fname))
        if expect is None:
            continue
        cases += 1
        problem = run_case(gen, schema_dir, fname, expect)
        if problem:
            failures += 1
            print('FAIL %s: %s' % (fname, problem))
        else:
            print('ok   %s' % fname)
    print('%d cases, %d failed' % (cases, failures))
    return 1 if failures or not cases else 0


if __name__ == '__main__':
    sys.exit(main())
