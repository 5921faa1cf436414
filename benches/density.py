#!/usr/bin/env python3
"""App density through the admin API (issue 22): N apps x M small JavaScript functions made on a
running `laf serve`, every function called once and its answer checked, the host's resident memory
before and after, and the time from a publish's answer to the function's first response.

    python3 benches/density.py BASE_URL ADMIN_TOKEN HOST_PID [APPS] [FUNCTIONS]

benches/density.sh builds the release binary, starts the host and runs this.
"""
import http.client
import json
import statistics
import sys
import time
from urllib.parse import urlparse

base, token, pid = sys.argv[1], sys.argv[2], int(sys.argv[3])
apps = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
functions = int(sys.argv[5]) if len(sys.argv) > 5 else 5
url = urlparse(base)
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)


def request(method, path, body=None, host=None):
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    if host:
        headers["host"] = host
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    r = conn.getresponse()
    data = r.read()
    return r.status, data


def rss_mb():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def source(app, k):
    # Small functions of the shapes Laf apps have: an echo, module state, a status, a helper and
    # a function importing it.
    if k == 0:
        return f"export default async function (ctx: FunctionContext) {{ return {{ app: '{app}', q: ctx.query.q }} }}"
    if k == 1:
        return "let n = 0\nexport default () => ({ n: ++n })"
    if k == 2:
        return "export default (ctx: FunctionContext) => { ctx.response.status(201); return { ok: true } }"
    if k == 3:
        return "export function twice(x: number) { return x * 2 }\nexport default () => ({ helper: true })"
    return f"import {{ twice }} from './f3'\nexport default () => ({{ v: twice({k}) }})"


def expected(app, k):
    return [{"app": app, "q": "x"}, {"n": 1}, {"ok": True}, {"helper": True}, {"v": 2 * k}][min(k, 4)]


rss_before = rss_mb()
first_response_ms, failures, started = [], [], time.time()
for i in range(apps):
    app = f"d{i}"
    status, body = request("POST", "/_/api/apps", {"id": app})
    if status != 201:
        failures.append(f"create {app}: {status} {body[:200]!r}")
        continue
    host = f"{app}.localhost:{url.port}"
    for k in range(functions):
        status, body = request("POST", f"/_/api/apps/{app}/functions", {"name": f"f{k}", "language": "ts", "source": source(app, k)})
        if status != 201:
            failures.append(f"publish {app}/f{k}: {status} {body[:200]!r}")
            continue
        published = time.perf_counter()
        status, body = request("GET", f"/f{k}?q=x", host=host)
        if k == 0:
            first_response_ms.append((time.perf_counter() - published) * 1000)
        want = expected(app, k)
        got = json.loads(body) if body else None
        if status not in (200, 201) or got != want:
            failures.append(f"{app}/f{k}: {status} {body[:200]!r}, expected {want}")
    if (i + 1) % max(1, apps // 10) == 0:
        print(f"  {i + 1} apps, {rss_mb() - rss_before:.0f} MiB more, {time.time() - started:.0f} s", file=sys.stderr, flush=True)
rss_after = rss_mb()
first_response_ms.sort()
p = lambda q: first_response_ms[min(len(first_response_ms) - 1, int(q * len(first_response_ms)))]
print(f"{apps} apps x {functions} functions: {apps * functions - len(failures)} of {apps * functions} calls answered as expected")
print(f"host RSS {rss_before:.0f} -> {rss_after:.0f} MiB: +{rss_after - rss_before:.0f} MiB, {(rss_after - rss_before) * 1024 / max(1, apps):.0f} KiB per app")
print(f"publish -> first response: p50 {statistics.median(first_response_ms):.2f} ms, p99 {p(0.99):.2f} ms")
print(f"setup and calls took {time.time() - started:.0f} s")
for f in failures[:5]:
    print("failure:", f)
sys.exit(1 if failures else 0)
