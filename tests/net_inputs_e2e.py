#!/usr/bin/env python3
"""URL inputs and the live cluster, end to end, against local servers.

    tests/net_inputs_e2e.py ING2GW SOURCE_ROOT

An HTTP and an HTTPS file server (a throw-away CA made with openssl) serve
manifests, a 404, redirects and a redirect loop; an HTTPS server answers
the list calls of the Kubernetes API the way the API server does (List
JSON whose items have no kind, managedFields, Secrets with data),
authenticating bearer tokens and client certificates. Everything listens
on 127.0.0.1; nothing leaves the machine. Exit 77 (skipped) without
openssl.
"""
import base64
import http.server
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import urllib.parse

SECRET_VALUE = "secret-key-material-never-copied"
SECRET_B64 = base64.b64encode(SECRET_VALUE.encode()).decode()
failures = 0


def check(cond, what, p=None):
    global failures
    if cond:
        print(f"ok: {what}")
        return
    failures += 1
    print(f"FAIL: {what}")
    if p is not None:
        print(f"--- exit {p.returncode}\n--- stdout\n{p.stdout[-3000:]}"
              f"\n--- stderr\n{p.stderr[-3000:]}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, **kw)


def make_certs(d, openssl):
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
          "-nodes"]
    run([openssl, "req", "-x509", *ec, "-keyout", f"{d}/ca.key",
         "-out", f"{d}/ca.pem", "-days", "2", "-subj", "/CN=ing2gw test CA",
         "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    for name, ext in (("server", "subjectAltName=IP:127.0.0.1\n"),
                      ("client", "extendedKeyUsage=clientAuth\n")):
        with open(f"{d}/{name}.ext", "w") as f:
            f.write(ext)
        run([openssl, "req", *ec, "-keyout", f"{d}/{name}.key",
             "-out", f"{d}/{name}.csr", "-subj", f"/CN={name}"])
        run([openssl, "x509", "-req", "-in", f"{d}/{name}.csr",
             "-CA", f"{d}/ca.pem", "-CAkey", f"{d}/ca.key",
             "-CAcreateserial", "-days", "2", "-out", f"{d}/{name}.pem",
             "-extfile", f"{d}/{name}.ext"])


class Quiet(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def send(self, code, body, ctype="application/json", headers=()):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)


def file_handler(files):
    class H(Quiet):
        def do_GET(self):
            path = urllib.parse.urlsplit(self.path).path
            if path == "/moved.yaml":
                return self.send(301, "", headers=[("Location",
                                                    "/backup.yaml")])
            if path.startswith("/loop"):
                n = int(path[5:] or 0)
                return self.send(302, "", headers=[("Location",
                                                    f"/loop{n + 1}")])
            if path.lstrip("/") in files:
                return self.send(200, files[path.lstrip("/")],
                                 "application/yaml")
            return self.send(404, "not found\n", "text/plain")
    return H


def meta(name, ns=None, **extra):
    m = {"name": name, "resourceVersion": "42",
         "managedFields": [{"manager": "kubectl", "operation": "Apply"}]}
    if ns:
        m["namespace"] = ns
    m.update(extra)
    return m


def ingress(ns, name, host, svc, annotations=None):
    md = meta(name, ns, creationTimestamp="2024-01-01T00:00:00Z")
    if annotations:
        md["annotations"] = annotations
    return {"metadata": md, "spec": {
        "ingressClassName": "nginx",
        "tls": [{"hosts": [host], "secretName": f"{name}-tls"}],
        "rules": [{"host": host, "http": {"paths": [{
            "path": "/", "pathType": "Prefix",
            "backend": {"service": {"name": svc,
                                    "port": {"number": 80}}}}]}}]},
        "status": {"loadBalancer": {}}}


CLUSTER = {
    "ingresses": [
        ingress("shop", "web", "shop.example.com", "web",
                {"cert-manager.io/cluster-issuer": "letsencrypt",
                 "meta.helm.sh/release-name": "web",
                 "nginx.ingress.kubernetes.io/custom-headers":
                     "ingress-nginx/custom-headers"}),
        ingress("blog", "blog", "blog.example.com", "blog"),
    ],
    "ingressclasses": [{"metadata": meta("nginx"),
                        "spec": {"controller": "k8s.io/ingress-nginx"}}],
    "services": [
        {"metadata": meta("web", "shop"),
         "spec": {"ports": [{"name": "http", "port": 80}]}},
        {"metadata": meta("blog", "blog"),
         "spec": {"ports": [{"name": "http", "port": 80}]}},
        {"metadata": meta("db", "shop"),
         "spec": {"ports": [{"port": 5432}]}},
    ],
    "secrets": [
        {"metadata": meta("web-tls", "shop"), "type": "kubernetes.io/tls",
         "data": {"tls.crt": SECRET_B64, "tls.key": SECRET_B64}},
        {"metadata": meta("blog-tls", "blog"), "type": "kubernetes.io/tls",
         "data": {"tls.crt": SECRET_B64, "tls.key": SECRET_B64}},
    ],
    "configmaps": [
        {"metadata": meta("tcp-services", "ingress-nginx"),
         "data": {"9000": "shop/db:5432"}},
        {"metadata": meta("custom-headers", "ingress-nginx"),
         "data": {"X-Served-By": "shop"}},
        {"metadata": meta("unrelated", "shop"), "data": {"a": "b"}},
    ],
}
KINDS = {"ingresses": "IngressList", "ingressclasses": "IngressClassList",
         "services": "ServiceList", "secrets": "SecretList",
         "configmaps": "ConfigMapList"}
requests = []


def api_handler():
    class H(Quiet):
        def do_GET(self):
            u = urllib.parse.urlsplit(self.path)
            requests.append(self.path)
            auth = self.headers.get("Authorization", "")
            cert = self.connection.getpeercert()
            token = auth[7:] if auth.startswith("Bearer ") else None
            if not cert and token not in ("good-token", "no-secrets"):
                return self.send(401, json.dumps({
                    "kind": "Status", "code": 401,
                    "reason": "Unauthorized"}))
            parts = u.path.strip("/").split("/")
            ns = None
            if "namespaces" in parts:
                i = parts.index("namespaces")
                ns = parts[i + 1]
                parts = parts[:i] + parts[i + 2:]
            res = parts[-1]
            name = None
            if res not in KINDS and len(parts) >= 2 and parts[-2] in KINDS:
                res, name = parts[-2], parts[-1]
            if res not in KINDS:
                return self.send(404, json.dumps({"kind": "Status",
                                                  "code": 404}))
            if res == "secrets" and token == "no-secrets":
                return self.send(403, json.dumps({"kind": "Status",
                                                  "code": 403}))
            items = [o for o in CLUSTER[res]
                     if ns is None or o["metadata"].get("namespace") == ns]
            q = urllib.parse.parse_qs(u.query)
            for sel in q.get("fieldSelector", []):
                k, v = sel.split("=", 1)
                if k == "metadata.name":
                    items = [o for o in items if o["metadata"]["name"] == v]
            if name is not None:
                items = [o for o in items if o["metadata"]["name"] == name]
                if not items:
                    return self.send(404, json.dumps({"kind": "Status",
                                                      "code": 404}))
                return self.send(200, json.dumps(items[0]))
            return self.send(200, json.dumps({
                "kind": KINDS[res], "apiVersion": "v1",
                "metadata": {"resourceVersion": "42"}, "items": items}))
    return H


def serve(handler, port, tls=None):
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    if tls:
        srv.socket = tls.wrap_socket(srv.socket, server_side=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def main():
    ing2gw, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    openssl = shutil.which("openssl")
    if not openssl:
        print("skipped: needs openssl (scripts/bootstrap installs it)")
        return 77
    tmp = tempfile.mkdtemp(prefix="ing2gw-net-")
    try:
        make_certs(tmp, openssl)
        with open(f"{root}/testdata/convert/wildcard-host/input.yaml") as f:
            backup = f.read()
        files = {"backup.yaml": backup}
        http_port, https_port, api_port, dead = (free_port() for _ in
                                                 range(4))
        serve(file_handler(files), http_port)
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(f"{tmp}/server.pem", f"{tmp}/server.key")
        serve(file_handler(files), https_port, tls)
        api_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        api_tls.load_cert_chain(f"{tmp}/server.pem", f"{tmp}/server.key")
        api_tls.load_verify_locations(f"{tmp}/ca.pem")
        api_tls.verify_mode = ssl.CERT_OPTIONAL
        serve(api_handler(), api_port, api_tls)
        env = {k: v for k, v in os.environ.items()
               if k not in ("CURL_CA_BUNDLE", "SSL_CERT_FILE", "KUBECONFIG",
                            "http_proxy", "https_proxy", "HTTP_PROXY",
                            "HTTPS_PROXY", "ALL_PROXY", "all_proxy")}
        env["NO_COLOR"] = "1"
        env["no_proxy"] = "*"

        def ing(*args, extra_env=None):
            e = dict(env)
            e.update(extra_env or {})
            return subprocess.run([ing2gw, *args], capture_output=True,
                                  text=True, env=e, cwd=tmp, timeout=120)

        base = f"http://127.0.0.1:{http_port}"
        p = ing("convert", f"{base}/backup.yaml")
        check(p.returncode == 0 and "kind: Gateway" in p.stdout,
              "convert URL: the objects", p)
        check(f"{base}/backup.yaml:13:11: warning:" in p.stderr and
              f"ing2gw.io/source: {base}/backup.yaml:1" in p.stdout,
              "convert URL: diagnostics and provenance cite the URL", p)
        p = ing("convert", "-f", f"{base}/backup.yaml")
        check(p.returncode == 0 and "kind: HTTPRoute" in p.stdout,
              "convert -f URL", p)
        p = ing("convert", f"{base}/missing.yaml")
        check(p.returncode == 2 and f"{base}/missing.yaml: error: HTTP 404"
              in p.stderr and not p.stdout, "a 404 is an input error", p)
        p = ing("convert", f"{base}/moved.yaml")
        check(p.returncode == 0 and "kind: Gateway" in p.stdout,
              "a redirect is followed", p)
        p = ing("convert", f"{base}/loop")
        check(p.returncode == 2 and "more than 5 redirects" in p.stderr,
              "redirects are bounded", p)
        p = ing("convert", f"http://127.0.0.1:{dead}/backup.yaml")
        check(p.returncode == 2 and "cannot read the URL" in p.stderr,
              "nothing listening: an input error", p)
        sbase = f"https://127.0.0.1:{https_port}"
        p = ing("convert", f"{sbase}/backup.yaml")
        check(p.returncode == 2 and "not trusted" in p.stderr,
              "https: an untrusted certificate is refused", p)
        p = ing("convert", f"{sbase}/backup.yaml",
                extra_env={"CURL_CA_BUNDLE": f"{tmp}/ca.pem"})
        check(p.returncode == 0 and "kind: Gateway" in p.stdout,
              "https: CURL_CA_BUNDLE trusts the CA", p)
        p = ing("lint", f"{base}/backup.yaml")
        check(p.returncode in (0, 1) and f"{base}/backup.yaml" in p.stdout,
              "lint URL", p)

        # the live cluster
        with open(f"{tmp}/ca.pem", "rb") as f:
            ca_b64 = base64.b64encode(f.read()).decode()
        api = f"https://127.0.0.1:{api_port}"
        kc = {
            "apiVersion": "v1", "kind": "Config",
            "current-context": "token",
            "clusters": [
                {"name": "c", "cluster": {
                    "server": api, "certificate-authority-data": ca_b64}},
                {"name": "c-file", "cluster": {
                    "server": api + "/", "certificate-authority": "ca.pem"}},
                {"name": "c-noca", "cluster": {"server": api}},
                {"name": "c-insecure", "cluster": {
                    "server": api, "insecure-skip-tls-verify": True}},
                {"name": "down", "cluster": {
                    "server": f"https://127.0.0.1:{dead}",
                    "certificate-authority-data": ca_b64}}],
            "users": [
                {"name": "t", "user": {"token": "good-token"}},
                {"name": "tf", "user": {"tokenFile": "token.txt"}},
                {"name": "bad", "user": {"token": "wrong"}},
                {"name": "ns", "user": {"token": "no-secrets"}},
                {"name": "certs", "user": {
                    "client-certificate": "client.pem",
                    "client-key": "client.key"}},
                {"name": "exec", "user": {"exec": {
                    "apiVersion": "client.authentication.k8s.io/v1",
                    "command": "aws"}}}],
            "contexts": [
                {"name": "token", "context": {"cluster": "c", "user": "t"}},
                {"name": "tokenfile", "context": {
                    "cluster": "c-file", "user": "tf",
                    "namespace": "blog"}},
                {"name": "certs", "context": {"cluster": "c-file",
                                              "user": "certs"}},
                {"name": "badtoken", "context": {"cluster": "c",
                                                 "user": "bad"}},
                {"name": "nosecrets", "context": {"cluster": "c",
                                                  "user": "ns"}},
                {"name": "exec", "context": {"cluster": "c",
                                             "user": "exec"}},
                {"name": "noca", "context": {"cluster": "c-noca",
                                             "user": "t"}},
                {"name": "insecure", "context": {"cluster": "c-insecure",
                                                 "user": "t"}},
                {"name": "down", "context": {"cluster": "down",
                                             "user": "t"}}],
        }
        with open(f"{tmp}/kubeconfig", "w") as f:
            json.dump(kc, f)
        with open(f"{tmp}/token.txt", "w") as f:
            f.write("good-token\n")

        def leaked(p):
            return SECRET_B64 in p.stdout + p.stderr or \
                SECRET_VALUE in p.stdout + p.stderr

        del requests[:]
        p = ing("convert", "--kubeconfig", "kubeconfig", "-A")
        check(p.returncode == 0 and "kind: HTTPRoute" in p.stdout and
              "blog.example.com" in p.stdout and "shop.example.com" in
              p.stdout, "convert -A: every namespace's routes", p)
        check("cluster:token/ingresses:" in p.stderr and
              "ing2gw.io/source: cluster:token/ingresses:" in p.stdout,
              "diagnostics and provenance cite the cluster's list", p)
        check("kind: TCPRoute" in p.stdout,
              "the tcp-services ConfigMap is read", p)
        check("cert-manager.io/cluster-issuer: letsencrypt" in p.stdout,
              "another tool's annotation is carried from the cluster", p)
        check(not leaked(p), "no Secret value reaches the output", p)
        check(set(requests) >= {
            "/apis/networking.k8s.io/v1/ingresses",
            "/apis/networking.k8s.io/v1/ingressclasses",
            "/api/v1/services", "/api/v1/secrets",
            "/api/v1/namespaces/ingress-nginx/configmaps/custom-headers"}
              and "/api/v1/configmaps" not in requests,
              "the list calls of -A (ConfigMaps only by name): "
              + " ".join(sorted(set(requests))))
        del requests[:]
        p = ing("convert", "--kubeconfig", "kubeconfig", "-n", "shop",
                "--context", "certs")
        check(p.returncode == 0 and "shop.example.com" in p.stdout and
              "blog.example.com" not in p.stdout,
              "-n shop with a client certificate: that namespace only", p)
        check("/apis/networking.k8s.io/v1/namespaces/shop/ingresses" in
              requests and "/apis/networking.k8s.io/v1/ingresses" not in
              requests, "-n asks for the namespace's lists only")
        p = ing("convert", "--context", "tokenfile",
                extra_env={"KUBECONFIG": f"{tmp}/kubeconfig:/nowhere"})
        check(p.returncode == 0 and "blog.example.com" in p.stdout and
              "shop.example.com" not in p.stdout,
              "KUBECONFIG, tokenFile, the context's namespace", p)
        p = ing("convert", "--kubeconfig", "kubeconfig", "--context",
                "badtoken", "-A")
        check(p.returncode == 2 and "HTTP 401" in p.stderr and not p.stdout,
              "a refused token: exit 2, nothing written", p)
        p = ing("convert", "--kubeconfig", "kubeconfig", "--context",
                "nosecrets", "-A")
        check(p.returncode == 0 and "warning: HTTP 403 listing secrets" in
              p.stderr and "kind: Gateway" in p.stdout,
              "Secrets refused (RBAC): a warning, the rest converted", p)
        p = ing("convert", "--kubeconfig", "kubeconfig", "--context",
                "exec", "-A")
        check(p.returncode == 2 and "exec plugin" in p.stderr,
              "an exec plugin user: a clear error", p)
        p = ing("convert", "--kubeconfig", "kubeconfig", "--context",
                "noca", "-A")
        check(p.returncode == 2 and "not trusted" in p.stderr,
              "the server's certificate is verified", p)
        p = ing("convert", "--kubeconfig", "kubeconfig", "--context",
                "insecure", "-A")
        check(p.returncode == 0 and "kind: Gateway" in p.stdout,
              "insecure-skip-tls-verify is honoured", p)
        p = ing("convert", "--kubeconfig", "kubeconfig", "--context",
                "down", "-A")
        check(p.returncode == 2 and "cannot list ingresses" in p.stderr,
              "an unreachable server: exit 2", p)
        p = ing("convert", "--kubeconfig", "kubeconfig", "--context",
                "nope")
        check(p.returncode == 2 and "no context 'nope'" in p.stderr,
              "an unknown context", p)
        p = ing("lint", "--kubeconfig", "kubeconfig", "-A")
        check(p.returncode in (0, 1) and "error" not in p.stderr and
              not leaked(p), "lint -A", p)
        p = ing("replay", "--kubeconfig", "kubeconfig", "-A", "--generate")
        check(p.returncode in (0, 1) and "replay:" in p.stdout,
              "replay -A --generate", p)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{'ok' if not failures else 'FAIL'}: {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
