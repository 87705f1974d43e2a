#!/usr/bin/env python3
"""End-to-end tests of `ing2gw shadow` against real servers on loopback.

Two nginx processes stand in for the data planes: the "Ingress side"
behaves as ingress-nginx does with testdata/shadow/ingress.yaml, the
"Gateway side" as a Gateway with testdata/shadow/gateway.yaml (a hand-
edited conversion), plus one thing neither configuration says (/maintenance
answers 503: an unexpected difference). Both proxy to echo backends
(tests/tools/echo_server.py) running in this process, which keep what they
received. Certificates come from a throw-away CA made with openssl.

    shadow_e2e.py ING2GW SOURCE_ROOT

Exit 77 (skipped) when nginx or openssl is missing; nothing leaves the
loopback interface.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

SKIP = 77
HOST = "shop.example.test"
HSTS = "max-age=31536000; includeSubDomains"


def find(name):
    for d in (os.environ.get("PATH", "").split(os.pathsep) +
              ["/usr/sbin", "/sbin", "/usr/local/sbin"]):
        p = os.path.join(d, name)
        if d and os.access(p, os.X_OK):
            return p
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, **kw)


def make_certs(d, openssl):
    """A CA, and certificates for shop.example.test and default.invalid."""
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
          "-nodes"]
    run([openssl, "req", "-x509", *ec, "-keyout", f"{d}/ca.key",
         "-out", f"{d}/ca.pem", "-days", "2", "-subj", "/CN=ing2gw test CA",
         "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    for name in (HOST, "default.invalid"):
        with open(f"{d}/{name}.ext", "w") as f:
            f.write(f"subjectAltName=DNS:{name}\n")
        run([openssl, "req", *ec, "-keyout", f"{d}/{name}.key",
             "-out", f"{d}/{name}.csr", "-subj", f"/CN={name}"])
        run([openssl, "x509", "-req", "-in", f"{d}/{name}.csr",
             "-CA", f"{d}/ca.pem", "-CAkey", f"{d}/ca.key",
             "-CAcreateserial", "-days", "2", "-out", f"{d}/{name}.pem",
             "-extfile", f"{d}/{name}.ext"])


def proxy(port, host="$host"):
    return (f"proxy_set_header Host {host}; "
            "proxy_set_header X-SNI $ssl_server_name; "
            f"proxy_pass http://127.0.0.1:{port};")


def nginx_conf(d, ports, certs, locations):
    """A complete nginx.conf: its own pid, logs and temp paths in d."""
    http, https = ports
    temp = " ".join(f"{k}_temp_path {d}/{k};" for k in
                    ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""daemon off;
master_process off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 64; }}
http {{
  access_log {d}/access.log;
  {temp}
  map $scheme $hsts {{ https "{HSTS}"; default ""; }}
  server {{
    listen 127.0.0.1:{http} default_server;
    listen 127.0.0.1:{https} ssl default_server;
    server_name _;
    ssl_certificate {certs}/default.invalid.pem;
    ssl_certificate_key {certs}/default.invalid.key;
    location / {{ return 404; }}
  }}
  server {{
    listen 127.0.0.1:{http};
    listen 127.0.0.1:{https} ssl;
    server_name {HOST};
    ssl_certificate {certs}/{HOST}.pem;
    ssl_certificate_key {certs}/{HOST}.key;
{locations}
  }}
}}
"""


def prefix(path, body):
    """A Prefix path as ingress-nginx writes it: /api matches /api and
    /api/..., not /apibar."""
    return (f"    location = {path} {{ {body} }}\n"
            f"    location {path}/ {{ {body} }}\n")


def ingress_locations(web, api):
    """ingress-nginx with testdata/shadow/ingress.yaml, for these paths."""
    hsts = "add_header Strict-Transport-Security $hsts always;"
    redirect = "if ($scheme = http) { return 308 https://$host$request_uri; }"
    return (f"    location / {{ {redirect} {hsts} {proxy(web)} }}\n" +
            prefix("/api", f"{redirect} {hsts} {proxy(api, 'api.internal')}")
            + prefix("/legacy", f"{hsts} {proxy(web)}"))


def gateway_locations(web, api):
    """A Gateway with testdata/shadow/gateway.yaml, and one more thing."""
    hsts = "add_header Strict-Transport-Security $hsts always;"
    r302 = "if ($scheme = http) { return 302 https://$host$request_uri; }"
    r308 = "if ($scheme = http) { return 308 https://$host$request_uri; }"
    return (f"    location / {{ {r302} {hsts} {proxy(web)} }}\n" +
            prefix("/api", f"{r308} {hsts} {proxy(api)}") +
            prefix("/legacy", proxy(web)) +
            "    location /maintenance { return 503; }\n")


class Nginx:
    def __init__(self, exe, d, conf):
        os.makedirs(d, exist_ok=True)
        self.dir = d
        with open(f"{d}/nginx.conf", "w") as f:
            f.write(conf)
        self.proc = subprocess.Popen(
            [exe, "-p", d, "-c", f"{d}/nginx.conf", "-e", f"{d}/error.log"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def wait_ready(self, ports):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("nginx exited: " +
                                   self.proc.stderr.read().decode() +
                                   open(f"{self.dir}/error.log").read())
            try:
                for p in ports:
                    socket.create_connection(("127.0.0.1", p), 1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not start listening")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Env:
    """The servers of one test run and how to call ing2gw against them."""

    def __init__(self, ing2gw, root, tmp):
        self.ing2gw = ing2gw
        self.data = os.path.join(root, "testdata", "shadow")
        self.tmp = tmp

    def addr(self, side):
        http, https = self.ports[side]
        return f"127.0.0.1:{http},{https}"

    def samples(self, name, lines):
        p = os.path.join(self.tmp, name)
        with open(p, "w") as f:
            for line in lines:
                f.write(json.dumps(line) + "\n")
        return p

    def shadow(self, *args, ingress=None, gateway=None, models=True,
               timeout=60):
        cmd = [self.ing2gw, "shadow",
               "--ingress-address", ingress or self.addr("ingress"),
               "--gateway-address", gateway or self.addr("gateway")]
        if models:
            cmd += ["--ingress-file", f"{self.data}/ingress.yaml",
                    "--gateway-file", f"{self.data}/gateway.yaml"]
        t0 = time.monotonic()
        p = subprocess.run(cmd + list(args), capture_output=True,
                           text=True, timeout=timeout)
        p.elapsed = time.monotonic() - t0
        return p


class Failed(Exception):
    pass


def check(cond, what, p=None):
    if not cond:
        if p is not None:
            what += (f"\n--- exit {p.returncode}\n--- stdout\n{p.stdout}"
                     f"\n--- stderr\n{p.stderr}")
        raise Failed(what)


def groups(report, cls=None, field=None):
    return [g for g in report["differences"]
            if (cls is None or g["class"] == cls) and
            (field is None or g["field"] == field)]


# ----- the cases -----

def case_predicted_unexpected_explained(env):
    """Every kind of difference in one run, with the models."""
    web0 = len(env.web.requests())
    p = env.shadow("--samples", f"{env.data}/samples.jsonl",
                   "--cacert", env.ca, "--rate", "50", "-o", "json")
    check(p.returncode == 1, "an unexpected difference exits 1", p)
    r = json.loads(p.stdout)
    s = r["summary"]
    check((s["requests"], s["same"], s["differ"], s["unexpected"],
           s["predicted"], s["explained"], s["skipped"], s["errors"]) ==
          (5, 1, 4, 1, 2, 1, 1, 0), f"summary {s}", p)
    check(r["models"] is True, "models used", p)

    # unexpected: the models agree on 200 from web, the Gateway says 503
    g = groups(r, "unexpected", "status")
    check(len(g) == 1 and (g[0]["ingress"], g[0]["gateway"]) == (200, 503)
          and g[0]["examples"][0]["request"] ==
          f"GET https://{HOST}/maintenance", f"unexpected status {g}", p)
    g = groups(r, "unexpected", "backend")
    check(len(g) == 1 and g[0]["ingress"] == "web" and
          g[0]["gateway"] is None, f"unexpected backend {g}", p)

    # predicted: the Host rewrite the conversion lost, seen in the echo
    g = groups(r, "predicted", "upstream.host")
    check(len(g) == 1 and (g[0]["ingress"], g[0]["gateway"]) ==
          ("api.internal", HOST), f"predicted upstream.host {g}", p)

    # predicted: a redirect, answered 308 and 302, and not followed
    g = groups(r, "predicted", "status")
    check(len(g) == 1 and (g[0]["ingress"], g[0]["gateway"]) == (308, 302)
          and g[0]["examples"][0]["request"] == f"GET http://{HOST}/",
          f"predicted redirect status {g}", p)
    check(not groups(r, None, "redirect"), "same Location on both sides", p)
    roots = [q for q in env.web.requests()[web0:] if q["path"] == "/"]
    check(len(roots) == 2, "the redirect was not followed: the backend saw "
          f"GET / only from the HTTPS sample, twice; saw {len(roots)}")

    # explained: HSTS that ingress-nginx adds and the conversion cannot
    g = groups(r, "explained",
               "response_headers.strict-transport-security")
    check(len(g) == 1 and g[0]["ingress"] == HSTS and
          g[0]["gateway"] is None and
          g[0]["explained"][0]["rule"] == "convert/nginx-hsts",
          f"explained HSTS {g}", p)

    # POST is not sent without --methods
    check(r["skipped"][0]["requests"] == 1 and
          "POST" in r["skipped"][0]["why"], f"skipped {r['skipped']}", p)
    check(not [q for q in env.api.requests() if q["method"] == "POST"],
          "no POST reached a backend")

    # TLS with SNI: both data planes saw the SNI of the request's host
    sni = [q["headers"].get("X-SNI") for q in env.web.requests()[web0:]]
    check(sni and all(v == [HOST] for v in sni if v != [""]) and
          sni.count([HOST]) >= 4, f"SNI seen by the backends: {sni}")

    # the text report says the same
    p = env.shadow("--samples", f"{env.data}/samples.jsonl",
                   "--cacert", env.ca, "--rate", "50")
    for line in ("unexpected: status (1 request)",
                 "predicted, not explained: upstream.host (1 request)",
                 "predicted and explained: "
                 "response_headers.strict-transport-security (1 request)",
                 "explained: HSTS on the HTTPS responses",
                 "skipped: method POST is not allowed (--methods GET,HEAD)",
                 "shadow: 5 requests, 1 same, 4 differ (1 unexpected, 2 "
                 "predicted, 1 explained), 0 errors, 1 skipped"):
        check(line in p.stdout, f"text report has {line!r}", p)

    # --fail-on
    p = env.shadow("--samples", f"{env.data}/samples.jsonl", "--cacert",
                   env.ca, "--rate", "50", "--fail-on", "never")
    check(p.returncode == 0, "--fail-on never exits 0", p)


def case_without_models(env):
    """No prediction: each difference is unexpected."""
    p = env.shadow("--samples", f"{env.data}/samples.jsonl", "--cacert",
                   env.ca, "--rate", "50", "-o", "json", models=False)
    r = json.loads(p.stdout)
    check(p.returncode == 1 and r["models"] is False and
          r["summary"]["unexpected"] == 4 and
          {g["class"] for g in r["differences"]} == {"unexpected"},
          "without models every difference is unexpected", p)


def case_only_predicted(env):
    """Predicted differences alone exit 0 (default --fail-on unexpected)."""
    lines = [{"url": f"https://{HOST}/"},
             {"url": f"https://{HOST}/api/x?y=1"},
             {"method": "HEAD", "url": f"https://{HOST}/legacy"}]
    s = env.samples("predicted.jsonl", lines)
    p = env.shadow("--samples", s, "--cacert", env.ca, "--rate", "50")
    check(p.returncode == 0 and "0 unexpected" in p.stdout,
          "predicted differences only: exit 0", p)
    p = env.shadow("--samples", s, "--cacert", env.ca, "--rate", "50",
                   "--fail-on", "difference")
    check(p.returncode == 1, "--fail-on difference exits 1", p)


def case_methods(env):
    """--methods lets POST through, still without a body."""
    s = env.samples("post.jsonl", [{"method": "POST",
                                    "url": f"https://{HOST}/api/items"}])
    n = len(env.api.requests())
    p = env.shadow("--samples", s, "--cacert", env.ca, "--methods",
                   "get,head,post", "-o", "json")
    posts = [q for q in env.api.requests()[n:] if q["method"] == "POST"]
    check(len(posts) == 2 and all(q["body_length"] == 0 for q in posts),
          f"POST sent to both sides without a body: {posts}", p)
    check(json.loads(p.stdout)["summary"]["requests"] == 1, "counted", p)


def case_compare_header(env):
    """A response header named with --compare-header is compared."""
    s = env.samples("version.jsonl", [{"url": f"https://{HOST}/version"}])
    p = env.shadow("--samples", s, "--cacert", env.ca, models=False)
    check(p.returncode == 0, "X-Version is not compared by default", p)
    p = env.shadow("--samples", s, "--cacert", env.ca, "--compare-header",
                   "X-Version", "-o", "json", models=False)
    g = groups(json.loads(p.stdout), "unexpected",
               "response_headers.x-version")
    check(p.returncode == 1 and len(g) == 1 and
          (g[0]["ingress"], g[0]["gateway"]) == ("1", "2"),
          "--compare-header X-Version", p)


def case_tls_verification(env):
    """Without the CA the certificate is refused; --insecure skips it."""
    s = env.samples("tls.jsonl", [{"url": f"https://{HOST}/"}])
    p = env.shadow("--samples", s, models=False)
    https = env.ports["ingress"][1]
    check(p.returncode == 2 and f"ingress side 127.0.0.1:{https}: TLS" in
          p.stderr and "--cacert" in p.stderr,
          "an untrusted certificate is an error naming the address", p)
    p = env.shadow("--samples", s, "--insecure", models=False)
    check(p.returncode == 0, "--insecure accepts it", p)
    # the default server's certificate does not name the host: the SNI
    # chose the right one
    s = env.samples("nosni.jsonl", [{"url": "https://other.example.test/"}])
    p = env.shadow("--samples", s, "--cacert", env.ca, models=False)
    check(p.returncode == 2 and "TLS" in p.stderr,
          "another SNI gets the default certificate, refused", p)


def case_timeout(env):
    """A side that never answers: no answer within --timeout, exit 2."""
    with socket.socket() as hole:
        hole.bind(("127.0.0.1", 0))
        hole.listen(8)		# accepts connections, never answers
        port = hole.getsockname()[1]
        s = env.samples("timeout.jsonl", [{"url": f"http://{HOST}/legacy"}])
        p = env.shadow("--samples", s, "--timeout", "0.5",
                       gateway=f"127.0.0.1:{port}", models=False)
    check(p.returncode == 2 and
          f"gateway side 127.0.0.1:{port}: no answer within 0.5 s" in
          p.stderr, "the timeout names the address", p)
    check(p.elapsed < 4, f"the timeout was kept ({p.elapsed:.2f} s)", p)


def case_refused(env):
    """A side that refuses the connection: stop at once, exit 2."""
    port = free_port()
    s = env.samples("refused.jsonl", [{"url": f"http://{HOST}/legacy"}] * 5)
    p = env.shadow("--samples", s, "-o", "json",
                   gateway=f"127.0.0.1:{port}", models=False)
    check(p.returncode == 2 and
          f"gateway side 127.0.0.1:{port}: cannot connect: Connection "
          "refused" in p.stderr, "the refusal names the address", p)
    check(json.loads(p.stdout)["summary"]["requests"] == 1,
          "no request after the refusal", p)


def case_rate(env):
    """N requests take at least (N-1)/rate seconds."""
    n = 6
    s = env.samples("rate.jsonl", [{"url": f"http://{HOST}/legacy?i={i}"}
                                   for i in range(n)])
    for rate, args in ((10.0, ["--rate", "10"]), (5.0, [])):
        p = env.shadow("--samples", s, *args, models=False)
        least = (n - 1) / rate
        check(p.returncode == 0 and f"{n} requests" in p.stdout,
              "all sent", p)
        check(least * 0.95 <= p.elapsed < least + 5,
              f"{n} requests at {rate}/s took {p.elapsed:.2f} s, "
              f"at least {least:.2f} s expected", p)


def case_max_requests(env):
    """--max-requests stops the run and says so."""
    s = env.samples("cap.jsonl", [{"url": f"http://{HOST}/legacy?i={i}"}
                                  for i in range(5)])
    p = env.shadow("--samples", s, "--rate", "100", "--max-requests", "2",
                   "-o", "json", models=False)
    r = json.loads(p.stdout)["summary"]
    check(r["requests"] == 2 and r["max_requests_reached"] is True,
          f"capped at 2: {r}", p)


def case_interrupt(env):
    """SIGINT: the report so far on stdout, then death by SIGINT."""
    s = env.samples("long.jsonl", [{"url": f"http://{HOST}/legacy?i={i}"}
                                   for i in range(40)])
    cmd = [env.ing2gw, "shadow", "--ingress-address", env.addr("ingress"),
           "--gateway-address", env.addr("gateway"), "--samples", s,
           "--rate", "4"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    time.sleep(1.2)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=10)
    proc.elapsed = 0
    proc.stdout, proc.stderr = out, err
    check(proc.returncode == -signal.SIGINT,
          f"died of SIGINT (exit {proc.returncode})", proc)
    last = out.strip().splitlines()[-1] if out.strip() else ""
    check(last.startswith("shadow: ") and last.endswith("; interrupted"),
          "the summary so far, marked interrupted", proc)
    sent = int(last.split()[1])
    check(1 <= sent < 40, f"stopped early ({sent} sent)", proc)


def case_generate(env):
    """--generate sends replay's probes of the Ingress objects."""
    probes = subprocess.run([env.ing2gw, "replay", "--print-probes",
                             f"{env.data}/ingress.yaml"], check=True,
                            capture_output=True, text=True).stdout
    n = len(probes.splitlines())
    p = env.shadow("--generate", f"{env.data}/ingress.yaml", "--cacert",
                   env.ca, "--rate", "200", "-o", "json")
    r = json.loads(p.stdout)
    check(p.returncode in (0, 1) and
          r["summary"]["requests"] + r["summary"]["skipped"] == n,
          f"all {n} probes sent", p)
    check(r["summary"]["errors"] == 0, "no error", p)
    # the stand-ins behave as the models say: nothing unexpected
    check(r["summary"]["unexpected"] == 0 and
          r["summary"]["predicted"] > 0 and r["summary"]["explained"] > 0,
          f"probes: predicted and explained only {r['summary']}", p)


CASES = [case_predicted_unexpected_explained, case_without_models,
         case_only_predicted, case_methods, case_compare_header,
         case_tls_verification, case_timeout, case_refused, case_rate,
         case_max_requests, case_interrupt, case_generate]


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    ing2gw, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    nginx, openssl = find("nginx"), find("openssl")
    if not nginx or not openssl:
        print("skipped: needs nginx and openssl (scripts/bootstrap "
              "installs them)")
        return SKIP
    sys.dont_write_bytecode = True  # no __pycache__ in the source tree
    sys.path.insert(0, os.path.join(root, "tests", "tools"))
    from echo_server import EchoServer

    tmp = tempfile.mkdtemp(prefix="ing2gw-shadow-")
    env = Env(ing2gw, root, tmp)
    servers = []
    passed = failed = 0
    try:
        make_certs(tmp, openssl)
        env.ca = f"{tmp}/ca.pem"
        env.web = EchoServer("web").start()
        env.api = EchoServer("api").start()
        servers += [env.web, env.api]
        env.ports = {side: (free_port(), free_port())
                     for side in ("ingress", "gateway")}
        version = {"ingress": "1", "gateway": "2"}
        for side, locations in (("ingress", ingress_locations),
                                ("gateway", gateway_locations)):
            loc = locations(env.web.port, env.api.port)
            loc += ("    location /version { add_header X-Version "
                    f"{version[side]} always; {proxy(env.web.port)} }}\n")
            ngx = Nginx(nginx, f"{tmp}/{side}",
                        nginx_conf(f"{tmp}/{side}", env.ports[side], tmp,
                                   loc))
            servers.append(ngx)
            ngx.wait_ready(env.ports[side])
        for case in CASES:
            name = case.__name__[len("case_"):]
            try:
                case(env)
                print(f"ok {name}")
                passed += 1
            except (Failed, subprocess.TimeoutExpired,
                    json.JSONDecodeError, KeyError, IndexError) as e:
                print(f"FAIL {name}: {e}")
                failed += 1
    finally:
        for s in servers:
            s.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
