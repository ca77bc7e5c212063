#!/usr/bin/env python3
"""The engine's throughput, each figure beside its baseline measured in the same run.

  1. the emulator's raw rate: `scopecheck emulate` answering one presigned GET of a small object
     to wrk (32 connections), the ceiling any checker of it could reach here;
  2. `scopecheck run`'s random phase against the in-process emulator, checked requests per second,
     with --jobs 1 and with the default (the cores), and its ratio to (1);
  3. a TCP target 20 ms away (bench/delay_proxy relaying to the emulator): --jobs 1 against
     --jobs 32, and their ratio;
  4. peak RSS of a short and a long run (memory must not grow with the run's length);
  5. a Cloudflare account 20 ms away: `--target cloudflare` against `scopecheck emulate`, its S3
     endpoint and its token API both reached through bench/delay_proxy, --jobs 1 against the
     default (8 workers for a remote account), and their ratio.

(1) and (2) are also given per CPU-second (the emulator process's CPU time for wrk's requests,
the run's user + system time for its checks): on a shared machine those hold up under load.

Usage: bench/throughput.py BUILD_DIR [--seconds S] [--long-seconds L]
Prints a Markdown table on stdout (bench/throughput-results.md keeps the last one).
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request


def fail(msg):
    print(f"bench/throughput.py: {msg}", file=sys.stderr)
    sys.exit(2)


def run_result(scopecheck, args, out):
    """Runs `scopecheck run` and returns (result.json, its peak RSS in MiB, by GNU time)."""
    os.makedirs(out, exist_ok=True)
    rss_file = os.path.join(out, "peak-rss-kib")
    cmd = ["/usr/bin/time", "-f", "%M %U %S", "-o", rss_file, scopecheck, "run", "--out", out, "--min-checks", "0"] + args
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode not in (0, 1, 3):
        fail(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.strip()}")
    with open(os.path.join(out, "result.json")) as f:
        r = json.load(f)
    with open(rss_file) as f:
        kib, user, system = f.read().strip().splitlines()[-1].split()
    r["_cpu_seconds"] = float(user) + float(system)
    return r, int(kib) / 1024.0


def rate(r):
    return r["checks"] / r["duration_seconds"] if r["duration_seconds"] > 0 else 0.0


def cpu_rate(r):
    """Checks per CPU-second of the run (user + system): on a machine shared with other work this
    does not fall with the load the way checks per wall-clock second do."""
    return r["checks"] / r["_cpu_seconds"] if r["_cpu_seconds"] > 0 else 0.0


def cpu_seconds_of(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def sign(scopecheck, request_text, key, secret, presign=None):
    with tempfile.NamedTemporaryFile("w", delete=False) as f:
        f.write(request_text)
        path = f.name
    cmd = [scopecheck, "sigv4", "sign", "--request", path, "--access-key", key, "--secret", secret]
    if presign:
        cmd += ["--presign", str(presign)]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    os.unlink(path)
    if out.returncode != 0:
        fail(f"sigv4 sign: {out.stderr.strip()}")
    return out.stdout


def send_raw(port, signed):
    """Sends a signed request printed by `scopecheck sigv4 sign` (HTTP/1.1 text) as is."""
    import socket
    head, _, body = signed.partition("\n\n")
    lines = head.splitlines() + ["Connection: close"]
    if body and not any(l.lower().startswith("content-length:") for l in lines):
        lines.append(f"Content-Length: {len(body.encode())}")
    data = ("\r\n".join(lines) + "\r\n\r\n").encode() + body.encode()
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    status = int(answer.split(b" ", 2)[1])
    if status != 200:
        fail(f"setup request answered {status}: {answer[:300]!r}")


def raw_rate(scopecheck, seconds):
    if not shutil.which("wrk"):
        fail("wrk is not installed (scripts/deps.sh installs it)")
    p = subprocess.Popen([scopecheck, "emulate", "--seed", "1", "--threads", "2"], stdout=subprocess.PIPE, text=True)
    try:
        info = json.loads(p.stdout.readline())
        s3_port = int(info["s3"].rsplit(":", 1)[1])
        acct = info["account"]
        body = json.dumps({"name": "bench", "policies": [{"effect": "allow",
                           "resources": {f"com.cloudflare.api.account.{acct}": "*"},
                           "permission_groups": [{"id": "bf7481a1826f439697cb59a20b22293e"}]}]}).encode()
        req = urllib.request.Request(info["api"] + "/user/tokens", data=body, method="POST",
                                     headers={"Authorization": "Bearer " + info["bootstrap_token"],
                                              "Content-Type": "application/json"})
        token = json.load(urllib.request.urlopen(req))["result"]
        import hashlib
        key, secret = token["id"], hashlib.sha256(token["value"].encode()).hexdigest()
        host = f"{acct}.r2.localhost:{s3_port}"
        send_raw(s3_port, sign(scopecheck, f"PUT /bench HTTP/1.1\nHost: {host}\n\n", key, secret))
        send_raw(s3_port, sign(scopecheck, f"PUT /bench/obj HTTP/1.1\nHost: {host}\n\n" + "x" * 256, key, secret))
        presigned = sign(scopecheck, f"GET /bench/obj HTTP/1.1\nHost: {host}\n\n", key, secret, presign=3600)
        target = presigned.splitlines()[0].split(" ")[1]
        # wrk sends Host from the URL: the URL's host is the emulator's virtual host name, its
        # address comes from a Host-less connect to 127.0.0.1 through wrk's -H.
        url = f"http://127.0.0.1:{s3_port}{target}"
        cpu_before = cpu_seconds_of(p.pid)
        w = subprocess.run(["wrk", "-t2", "-c32", f"-d{seconds}s", "-H", f"Host: {host}", url],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        m = re.search(r"Requests/sec:\s+([\d.]+)", w.stdout)
        non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", w.stdout)
        if not m:
            fail(f"wrk: {w.stdout} {w.stderr}")
        if non2xx:
            fail(f"wrk saw {non2xx.group(1)} refused answers: the presigned GET is wrong")
        # The emulator's own CPU time for the requests wrk counted (wrk's CPU is not in it).
        cpu = cpu_seconds_of(p.pid) - cpu_before
        total = re.search(r"(\d+) requests in", w.stdout)
        per_cpu = int(total.group(1)) / cpu if total and cpu > 0 else 0.0
        return float(m.group(1)), per_cpu
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=30)


def delay_runs(scopecheck, proxy, seconds, tmp):
    p = subprocess.Popen([proxy, "--delay-ms", "20", "--max-seconds", str(6 * seconds + 120)],
                         stdout=subprocess.PIPE, text=True)
    try:
        port = int(p.stdout.readline())
        via = ["--no-matrix", "--transport", "tcp", "--tcp-via", f"127.0.0.1:{port}", "--budget", f"{seconds}s"]
        one, _ = run_result(scopecheck, via + ["--jobs", "1"], os.path.join(tmp, "delay1"))
        many, _ = run_result(scopecheck, via + ["--jobs", "32"], os.path.join(tmp, "delay32"))
        return rate(one), rate(many)
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=30)


def cloudflare_delay_runs(scopecheck, proxy, seconds, tmp):
    """(5): --jobs 1 and the default against an account whose every answer (S3 and token API)
    comes 20 ms late. Returns (checks/s with 1 worker, with the default, the default run's result)."""
    emu = subprocess.Popen([scopecheck, "emulate", "--seed", "1"], stdout=subprocess.PIPE, text=True)
    relay = subprocess.Popen([proxy, "--delay-ms", "20", "--max-seconds", str(4 * seconds + 120)],
                             stdout=subprocess.PIPE, text=True)
    try:
        info = json.loads(emu.stdout.readline())
        port = int(relay.stdout.readline())
        acct = info["account"]
        s3_host = f"{acct}.r2.localhost:{info['s3'].rsplit(':', 1)[1]}"
        api_host = f"api.localhost:{info['api'].split('//', 1)[1].split('/', 1)[0].rsplit(':', 1)[1]}"
        api_path = "/" + info["api"].split("//", 1)[1].split("/", 1)[1]
        token_file = os.path.join(tmp, "cf-api-token")
        with open(token_file, "w") as f:
            f.write(info["bootstrap_token"] + "\n")
        os.chmod(token_file, 0o600)
        # Both names are connected to the relay, which forwards to the port their Host names.
        common = ["--target", "cloudflare", "--api-base", f"http://{api_host}{api_path}", "--api-token-file", token_file,
                  "--account", acct, "--s3-endpoint", f"http://{s3_host}",
                  "--connect-to", f"{s3_host}:127.0.0.1:{port}", "--connect-to", f"{api_host}:127.0.0.1:{port}",
                  "--no-matrix", "--budget", f"{seconds}s"]
        one, _ = run_result(scopecheck, common + ["--jobs", "1", "--journal", os.path.join(tmp, "cf1.jsonl")],
                            os.path.join(tmp, "cf1"))
        many, _ = run_result(scopecheck, common + ["--journal", os.path.join(tmp, "cf8.jsonl")], os.path.join(tmp, "cf8"))
        for r, name in ((one, "--jobs 1"), (many, "the default --jobs")):
            if r["violations"] or r["setup_failures"]:
                fail(f"cloudflare target, {name}: {r['violations']} violations, {r['setup_failures']} setup failures "
                     "against the clean emulator")
        return rate(one), rate(many)
    finally:
        for p in (relay, emu):
            p.send_signal(signal.SIGTERM)
            p.wait(timeout=30)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--long-seconds", type=int, default=600)
    a = ap.parse_args()
    scopecheck = os.path.join(a.build, "scopecheck")
    proxy = os.path.join(a.build, "bench", "delay_proxy")
    for f in (scopecheck, proxy):
        if not os.access(f, os.X_OK):
            fail(f"{f}: not built (scripts/build.sh bench)")
    if not os.access("/usr/bin/time", os.X_OK):
        fail("/usr/bin/time (GNU time) is not installed (scripts/deps.sh installs it)")
    # The machine may be shared: the load before and after goes with the figures.
    load_before = os.getloadavg()
    tmp = tempfile.mkdtemp(prefix="scopecheck-bench-")
    raw, raw_cpu = raw_rate(scopecheck, a.seconds)
    one, _ = run_result(scopecheck, ["--no-matrix", "--budget", f"{a.seconds}s", "--jobs", "1"], os.path.join(tmp, "j1"))
    cores, short_rss = run_result(scopecheck, ["--no-matrix", "--budget", "60s"], os.path.join(tmp, "jn"))
    d1, d32 = delay_runs(scopecheck, proxy, a.seconds, tmp)
    c1, c8 = cloudflare_delay_runs(scopecheck, proxy, a.seconds, tmp)
    _, long_rss = run_result(scopecheck, ["--budget", f"{a.long_seconds}s"], os.path.join(tmp, "long"))
    rows = [
        ("emulator raw rate: presigned GET of 256 bytes, wrk 32 connections", f"{raw:,.0f} req/s", "baseline",
         f"{raw_cpu:,.0f} req per emulator CPU-s", "baseline"),
        ("run, random phase, in-process, --jobs 1", f"{rate(one):,.0f} checks/s", f"{rate(one) / raw:.2f} × raw",
         f"{cpu_rate(one):,.0f} checks per CPU-s", f"{cpu_rate(one) / raw_cpu:.2f} × raw"),
        (f"run, random phase, in-process, --jobs {os.cpu_count()} (default)", f"{rate(cores):,.0f} checks/s",
         f"{rate(cores) / raw:.2f} × raw (aim ≥ 0.25, ≥ 10,000 checks/s)",
         f"{cpu_rate(cores):,.0f} checks per CPU-s ({cpu_rate(cores) * os.cpu_count():,.0f} on {os.cpu_count()} idle cores)",
         f"{cpu_rate(cores) / raw_cpu:.2f} × raw"),
        ("run over TCP, 20 ms per request (delay_proxy), --jobs 1", f"{d1:,.1f} checks/s", "baseline", "", ""),
        ("the same, --jobs 32", f"{d32:,.1f} checks/s", f"{d32 / d1:.1f} × (aim ≥ 15)", "", ""),
        ("--target cloudflare, S3 and token API 20 ms away (delay_proxy), --jobs 1", f"{c1:,.1f} checks/s", "baseline", "", ""),
        ("the same, default --jobs (8)", f"{c8:,.1f} checks/s", f"{c8 / c1:.1f} ×", "", ""),
        ("peak RSS, 60 s run", f"{short_rss:.0f} MiB", "baseline", "", ""),
        (f"peak RSS, {a.long_seconds} s run", f"{long_rss:.0f} MiB", f"{long_rss / short_rss:.2f} × (aim ≤ 1.2)", "", ""),
    ]
    print("| measurement | result | against the baseline | per CPU-second | against the baseline |")
    print("|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    load_after = os.getloadavg()
    print()
    print(f"Load average (1, 5, 15 min) before: {load_before[0]:.2f}, {load_before[1]:.2f}, {load_before[2]:.2f}; "
          f"after: {load_after[0]:.2f}, {load_after[1]:.2f}, {load_after[2]:.2f} ({os.cpu_count()} cores).")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
