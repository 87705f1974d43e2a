/*
 * The catalogue. Texts are for users: say what behaves differently (after
 * the conversion, or in a routing model) and why, then what to do. Every
 * example runs in tests/tools/rule_examples.c and must report its rule at
 * its severity; keep them short, and take them from the golden cases of
 * testdata/ where one fits. Entries are grouped by family, in the order of
 * `ing2gw rules`.
 */
#include "compat.h"
#include "diag_rules.h"

#include <string.h>

/* The command line of an example; input.yaml follows. */
#define RUN(args) "# ing2gw " args "\n"
#define CONVERT RUN("convert input.yaml")
/* Starts another file of an example. */
#define FILE_AS(name) "# " name ":\n"
/* Ingress pieces: ING(name) [ANN...] SPEC(class) [TLS] RULES HOST PATH... */
#define ING(name) "apiVersion: networking.k8s.io/v1\nkind: Ingress\n" \
	"metadata:\n  name: " name "\n"
#define AGE(ts) "  creationTimestamp: \"" ts "T00:00:00Z\"\n"
#define ANNS "  annotations:\n"
#define A(k, v) "    nginx.ingress.kubernetes.io/" k ": \"" v "\"\n"
#define ANN(k, v) ANNS A(k, v)
#define SPEC(cls) "spec:\n  ingressClassName: " cls "\n"
#define TLS(host, secret) "  tls:\n  - hosts: [" host "]\n" \
	"    secretName: " secret "\n"
#define RULES "  rules:\n"
#define HOST(h) "  - host: " h "\n    http:\n      paths:\n"
#define ANY_HOST "  - http:\n      paths:\n"
#define PATH_TO(p, type, svc) "      - path: " p "\n        pathType: " \
	type "\n        backend: {service: {name: " svc \
	", port: {number: 80}}}\n"
#define PATH(p) PATH_TO(p, "Prefix", "web")
/* The simplest Ingress of class nginx, with annotations */
#define NGINX(anns) ING("web") anns SPEC("nginx") RULES ANY_HOST PATH("/")
#define NGINX_HOST(anns, host) ING("web") anns SPEC("nginx") RULES \
	HOST(host) PATH("/")
/* Traefik: T(key, value) annotations, the simplest Ingress of class
 * traefik, a Service with Traefik annotations */
#define T(k, v) "    traefik.ingress.kubernetes.io/" k ": \"" v "\"\n"
#define TRAEFIK(anns) ING("web") anns SPEC("traefik") RULES \
	HOST("example.com") PATH("/")
/* Kong: KG(key, value) annotations, the simplest Ingress of class kong */
#define KG(k, v) "    konghq.com/" k ": \"" v "\"\n"
#define KONG(anns) ING("web") anns SPEC("kong") RULES \
	HOST("example.com") PATH("/")
/* HAProxy: H(key, value) annotations, the simplest Ingress of class
 * haproxy */
#define H(k, v) "    haproxy.org/" k ": \"" v "\"\n"
#define HI(k, v) "    haproxy-ingress.github.io/" k ": \"" v "\"\n"
#define HAPI_CLASS "kind: IngressClass\napiVersion: networking.k8s.io/v1\n" \
	"metadata: {name: haproxy-ingress}\n" \
	"spec: {controller: haproxy-ingress.github.io/controller}\n---\n"
#define HAPI(anns) HAPI_CLASS ING("web") anns SPEC("haproxy-ingress") \
	RULES HOST("example.com") PATH("/")
#define HAPROXY(anns) ING("web") anns SPEC("haproxy") RULES \
	HOST("example.com") PATH("/")
/* GKE Ingress: G(key, value) annotations, an Ingress of class gce with a
 * path, a Service with annotations, a BackendConfig and a FrontendConfig */
#define G(k, v) "    " k ": \"" v "\"\n"
#define GCE_ING(anns) ING("web") ANNS G("kubernetes.io/ingress.class", \
	"gce") anns "spec:\n"
#define GCE(anns) GCE_ING(anns) RULES HOST("example.com") PATH("/")
#define GCE_PATH(p, type) GCE_ING("") RULES HOST("example.com") \
	PATH_TO(p, type, "web")
#define GCE_SERVICE(anns) "---\napiVersion: v1\nkind: Service\n" \
	"metadata:\n  name: web\n  annotations:\n" anns \
	"spec:\n  ports: [{port: 80}]\n"
#define GCE_BC(spec) "---\napiVersion: cloud.google.com/v1\n" \
	"kind: BackendConfig\nmetadata: {name: bc}\nspec:\n" spec
#define GCE_FC(spec) "---\napiVersion: networking.gke.io/v1beta1\n" \
	"kind: FrontendConfig\nmetadata: {name: fc}\nspec:\n" spec
#define TK_SERVICE(name, anns) "apiVersion: v1\nkind: Service\n" \
	"metadata:\n  name: " name "\n" anns "spec:\n  ports: [{port: 80}]\n"
#define SERVICE(ns, name) "apiVersion: v1\nkind: Service\nmetadata: " \
	"{name: " name ", namespace: " ns "}\nspec:\n  ports: [{port: 80}]\n"
#define CONFIGMAP(ns, name) "apiVersion: v1\nkind: ConfigMap\nmetadata: " \
	"{name: " name ", namespace: " ns "}\ndata:\n"
#define HTTPROUTE "apiVersion: gateway.networking.k8s.io/v1\n" \
	"kind: HTTPRoute\nmetadata: {name: web}\nspec:\n"
#define GATEWAY "apiVersion: gateway.networking.k8s.io/v1\n" \
	"kind: Gateway\nmetadata: {name: gw}\nspec:\n" \
	"  gatewayClassName: example\n" \
	"  listeners: [{name: http, port: 80, protocol: HTTP}]\n"
#define SAMPLE(url) "{\"url\": \"" url "\"}\n"
/* 8 and 64 TLS hosts */
#define H1(p, i) p i ".example.com"
#define H8(p) H1(p, "0") ", " H1(p, "1") ", " H1(p, "2") ", " H1(p, "3") \
	", " H1(p, "4") ", " H1(p, "5") ", " H1(p, "6") ", " H1(p, "7")
#define H64 H8("a") ", " H8("b") ", " H8("c") ", " H8("d") ", " H8("e") \
	", " H8("f") ", " H8("g") ", " H8("h")

/* An Ingress of class nginx in namespace ns with a TLS host h */
#define ING_NS(name, ns) "apiVersion: networking.k8s.io/v1\nkind: Ingress\n" \
	"metadata:\n  name: " name "\n  namespace: " ns "\n"
#define TLS_IN(ns) "---\n" ING_NS("web", ns) SPEC("nginx") \
	TLS(ns ".example.com", "web-tls") RULES HOST(ns ".example.com") \
	PATH("/")
#define TLS_IN8(p) TLS_IN(p "0") TLS_IN(p "1") TLS_IN(p "2") TLS_IN(p "3") \
	TLS_IN(p "4") TLS_IN(p "5") TLS_IN(p "6") TLS_IN(p "7")
#define LISTENERSET RUN("convert --layout listenerset input.yaml")

/* Cilium: CIL_A(key, value) annotations, the simplest Ingress of class cilium */
#define CIL_A(k, v) "    ingress.cilium.io/" k ": \"" v "\"\n"
#define CILIUM(anns) ING("web") anns SPEC("cilium") RULES \
	HOST("example.com") PATH("/")
#define CIL_TLS(anns) ING("web") anns SPEC("cilium") \
	TLS("example.com", "web-tls") RULES HOST("example.com") PATH("/")
#define CIL_PATH(p, type) ING("web") SPEC("cilium") RULES \
	HOST("example.com") PATH_TO(p, type, "web")
/* Istio: an Ingress of class istio (the annotation) */
#define ISTIO_ING ING("web") "  annotations:\n" \
	"    kubernetes.io/ingress.class: istio\nspec:\n"
#define ISTIO_PATH(p, type) ISTIO_ING RULES HOST("example.com") \
	PATH_TO(p, type, "web")

/* APISIX: AX(key, value) annotations, the simplest Ingress of class
 * apisix */
#define AX(k, v) "    k8s.apisix.apache.org/" k ": \"" v "\"\n"
#define APISIX(anns) ING("web") anns SPEC("apisix") RULES \
	HOST("example.com") PATH("/")
#define APISIX_PATH(anns, p, type) ING("web") anns SPEC("apisix") RULES \
	HOST("example.com") PATH_TO(p, type, "web")
/* F5 NGINX: an IngressClass of its controller and an Ingress of it */
#define F5CLASS "apiVersion: networking.k8s.io/v1\nkind: IngressClass\n" \
	"metadata: {name: nginx}\nspec: {controller: nginx.org/ingress-controller}\n---\n"
#define F5A(k, v) "    " k ": \"" v "\"\n"
#define F5ING(anns) F5CLASS ING("web") anns SPEC("nginx") RULES \
	HOST("example.com") PATH("/")
#define F5TLS(anns) F5CLASS ING("web") anns SPEC("nginx") \
	TLS("example.com", "web-tls") RULES HOST("example.com") PATH("/")
/* AWS Load Balancer Controller: AL(key, value) annotations, the simplest
 * Ingress of class alb */
#define AL(k, v) "    alb.ingress.kubernetes.io/" k ": '" v "'\n"
#define ALB(anns) ING("web") anns SPEC("alb") RULES HOST("example.com") \
	PATH("/")
#define ALB_PATH(anns, p, type) ING("web") anns SPEC("alb") RULES \
	HOST("example.com") PATH_TO(p, type, "web")

static const struct diag_rule rules[] = {
/* input: reading files, YAML and JSON, and the objects in them */
{ "input/read", DIAG_ERROR, NULL,
  "a file, directory or standard input cannot be read",
  "An operand, or the samples file of replay, names a file or directory "
  "that does not exist or cannot be opened, a read failed, or "
  "directories are nested more than 64 levels deep. The command stops "
  "with exit status 2 and writes nothing: output from part of the input "
  "would look complete and not be.",
  RUN("convert missing.yaml"),
  "Check the path and its permissions. Operands are files, directories "
  "(searched for *.yaml, *.yml and *.json) or '-' for standard input." },
{ "input/limit", DIAG_ERROR, NULL,
  "the input is larger or deeper than ing2gw accepts",
  "Limits protect against hostile or runaway input: 512 MiB per source, "
  "1,000,000 documents in one stream, nesting 128 levels deep, and "
  "1,000,000 nodes reached through YAML aliases (an 'alias bomb' of "
  "nested anchors). Manifests written by people or by kubectl stay far "
  "below them. The command stops with exit status 2.",
  CONVERT
  "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
  "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
  "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
  "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
  "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
  "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
  "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n",
  "Split a very large input into several files; give generated YAML "
  "without deep anchors and aliases." },
{ "input/symlink", DIAG_INFO, NULL,
  "a symbolic link of a directory input is not followed",
  "A directory is read once, whatever the links to it: a link to a "
  "directory that contains it (a loop) or that was already read is not "
  "followed, and a link that leaves the tree is followed and said. Files "
  "are therefore not read twice through links, and two links that make "
  "a loop cannot make the walk endless.",
  RUN("convert dir")
  "# dir/loop -> dir (a symbolic link)\n",
  "Nothing to do when the links are meant; remove a link that points "
  "into the tree if its files should not be read." },
{ "input/yaml-syntax", DIAG_ERROR, NULL,
  "the input is not well-formed YAML",
  "The YAML parser stopped at the position given: a bad indentation, a "
  "tab used for indentation, an unclosed quote or bracket, an alias "
  "without its anchor, a mapping used as a key, or a NUL byte in the "
  "text. Nothing is converted or checked, since the rest of the stream "
  "cannot be trusted; the command exits with status 2.",
  CONVERT "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n"
  "  name: web\n   namespace: shop\n",
  "Fix the YAML at the line and column given (the cause is often a line "
  "or two above); indent with spaces only." },
{ "input/json-syntax", DIAG_ERROR, NULL,
  "the input is not well-formed JSON",
  "A file whose name ends in .json, or whose text starts with '{' or '[', "
  "is read as JSON, which needs commas between members and has no "
  "comments or single quotes. The parser stopped at the position given; "
  "nothing is converted or checked, and the command exits with status 2.",
  RUN("convert input.json") FILE_AS("input.json")
  "{\"apiVersion\": \"v1\", \"kind\": \"List\" \"items\": []}\n",
  "Fix the JSON at the line and column given, or write the manifest as "
  "YAML." },
{ "input/duplicate-key", DIAG_ERROR, NULL,
  "a mapping has the same key twice",
  "YAML forbids repeated keys in one mapping. Parsers that accept them "
  "keep the first or the last value, so the same file means different "
  "objects to different tools; ing2gw refuses it, exit status 2. A note "
  "points at the first key.",
  CONVERT ING("web") "  namespace: shop\n  namespace: web\n",
  "Remove one of the two keys: keep the value the cluster really has." },
{ "input/not-an-object", DIAG_ERROR, NULL,
  "a document is not a Kubernetes object",
  "Every document of the input, and every item of a List, must be a "
  "mapping with apiVersion and kind; a list or a plain value is not one. "
  "The command stops with exit status 2.",
  CONVERT "- apiVersion: networking.k8s.io/v1\n  kind: Ingress\n",
  "Write one object per document ('---' between them), or wrap the "
  "objects in a 'kind: List' with 'items:', as kubectl prints them." },
{ "input/missing-field", DIAG_ERROR, NULL,
  "an object lacks a field it needs",
  "The message names the field: apiVersion or kind of any object, or a "
  "field the API server requires of an Ingress (metadata.name, a path's "
  "pathType in networking.k8s.io/v1, a path's backend, a backend's "
  "service port). Such an object could not have been in a cluster; the "
  "command stops with exit status 2.",
  CONVERT ING("web") SPEC("nginx") RULES ANY_HOST
  "      - path: /\n        backend: {service: {name: web, port: "
  "{number: 80}}}\n",
  "Add the field; for an old manifest, compare with what 'kubectl get "
  "ingress NAME -o yaml' prints." },
{ "input/wrong-type", DIAG_ERROR, NULL,
  "a field of an Ingress has the wrong type",
  "The field must be a mapping, a list or a string and is something "
  "else, for example rules given as a mapping instead of a list, or "
  "annotations given as a list. The API server would reject the object; "
  "the command stops with exit status 2.",
  CONVERT ING("web") SPEC("nginx")
  "  rules: {host: example.com}\n",
  "Give the field the type the message names (a list item starts with "
  "'- ')." },
{ "input/invalid-field", DIAG_ERROR, NULL,
  "a field of an Ingress has a value the API server refuses",
  "A port number outside 1 to 65535, a port that sets both number and "
  "name, or a pathType other than Exact, Prefix and "
  "ImplementationSpecific. The command stops with exit status 2.",
  CONVERT ING("web") SPEC("nginx") RULES ANY_HOST
  "      - path: /\n        pathType: Regex\n        backend: {service: "
  "{name: web, port: {number: 80}}}\n",
  "Correct the value; a regular expression path is pathType "
  "ImplementationSpecific, with the controller's regex annotation." },
{ "input/multiple-default-classes", DIAG_WARNING, NULL,
  "several IngressClasses are marked default; none is applied",
  "An IngressClass with the annotation ingressclass.kubernetes.io/"
  "is-default-class: \"true\" gives its class to new Ingresses without "
  "one. With several, the API server refuses new class-less Ingresses, "
  "so ing2gw applies none: Ingresses without class stay without class "
  "(see convert/no-class).",
  CONVERT "apiVersion: networking.k8s.io/v1\nkind: IngressClass\n"
  "metadata:\n  name: nginx\n  annotations: {ingressclass.kubernetes.io/"
  "is-default-class: \"true\"}\nspec: {controller: k8s.io/ingress-nginx}\n"
  "---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\n"
  "metadata:\n  name: traefik\n  annotations: {ingressclass.kubernetes.io/"
  "is-default-class: \"true\"}\nspec: {controller: "
  "traefik.io/ingress-controller}\n",
  "Keep the annotation on one IngressClass, or set spec.ingressClassName "
  "on the Ingresses." },
{ "input/no-ingress", DIAG_INFO, NULL,
  "the input has no Ingress objects; nothing is converted",
  "convert reads Ingresses (with IngressClasses, Services, Secrets and "
  "ConfigMaps); other kinds are skipped. An input without Ingress gives "
  "no output and exit status 0, with this note saying how many objects "
  "were read.",
  CONVERT SERVICE("default", "web"),
  "Give the files or the kubectl output that hold the Ingresses "
  "(kubectl get ingress,ingressclass,service -A -o yaml)." },
{ "input/config", DIAG_ERROR, NULL,
  "the configuration file cannot be used",
  "The file given with --config (or ./.ing2gw.yaml, read by convert, "
  "lint and replay) must be one YAML document of the shape 'rules: [{id: "
  "RULE, severity: off|info|warning|error}]', 'ignore: [PATTERN]'. An "
  "unknown key, a rule id that is in no catalogue ('ing2gw rules'), or a "
  "bad severity stops the command with exit status 2 rather than "
  "checking with other settings than intended.",
  RUN("lint --config config.yaml input.yaml") FILE_AS("config.yaml")
  "rules:\n- {id: semantic/regexp, severity: off}\n",
  "Fix the entry the message points at; 'ing2gw rules' lists the rule "
  "ids." },
{ "input/deprecated-option", DIAG_WARNING, NULL,
  "an option is given in its old spelling",
  "The options follow kubectl: -o names the output format, -f an input, "
  "--output-file the file written. '-o FILE' of convert and lint, where "
  "FILE is a path (it has a '/' or a '.') and no format name, still "
  "writes FILE, with this warning; the other old spellings (--format, "
  "--diagnostics, -f FORMAT, replay --ingress/--gateway FILE) are usage "
  "errors that name the new one.",
  RUN("convert -o out.yaml input.yaml") NGINX(""),
  "Write '--output-file FILE' (and '-o yaml' or '-o json' for the "
  "format)." },
{ "input/not-kubernetes", DIAG_INFO, NULL,
  "a file holds no Kubernetes object; it is skipped",
  "No document of the file has apiVersion or kind: a package.json, a "
  "Helm values.yaml, a CI workflow. Such files sit beside manifests in "
  "directories and in the files a pre-commit hook passes; they are "
  "skipped with this note instead of stopping the run. A file with a "
  "Kubernetes object and a broken document is still an error.",
  RUN("convert input.yaml values.yaml") NGINX("")
  FILE_AS("values.yaml") "replicaCount: 2\nimage: {tag: \"1.2\"}\n",
  "Nothing, or leave the file out (an ignore: pattern of .ing2gw.yaml "
  "keeps it from being read at all)." },
{ "input/helm-template", DIAG_INFO, NULL,
  "a Helm template is skipped: render it first",
  "The file holds Go template actions ({{ .Values.x }}, {{- include ... "
  "}}): it is a chart's template, not a manifest, and its objects exist "
  "only once Helm renders them. It is skipped with this note at the "
  "first action, so that the other files are still read.",
  RUN("convert input.yaml ingress.yaml") NGINX("")
  FILE_AS("ingress.yaml") ING("{{ .Release.Name }}"),
  "Render the chart (helm template RELEASE CHART > rendered.yaml) and "
  "give ing2gw the result." },
{ "input/duplicate-object", DIAG_INFO, NULL,
  "an object is read twice, identical: it counts once",
  "The same object came twice: a file named twice, two copies in a "
  "directory, a backup and a file of one of its objects. Identical copies "
  "(the fields the API server writes -- resourceVersion, managedFields, "
  "generation, uid, status -- aside) are one object, kept where it was "
  "read first, which a note names; converted twice, it would give "
  "duplicate routes and change which Ingress wins a path.",
  RUN("convert input.yaml copy.yaml") NGINX("") FILE_AS("copy.yaml")
  NGINX(""),
  "Nothing; give each object once to silence it." },
{ "input/conflicting-object", DIAG_ERROR, NULL,
  "an object is read twice, and the copies differ",
  "Two inputs hold an object of the same kind, namespace and name with "
  "different content: two backups taken at different times, or an edited "
  "copy. Which one is meant cannot be known, so the command stops with "
  "exit status 2; a note names the other copy.",
  RUN("convert input.yaml copy.yaml") NGINX("") FILE_AS("copy.yaml")
  ING("web") SPEC("nginx") RULES ANY_HOST PATH("/v2"),
  "Give ing2gw one of the copies." },
{ "input/url", DIAG_ERROR, NULL,
  "a URL input cannot be read",
  "An http(s) URL is read with libcurl: certificates verified, at most 5 "
  "redirects, 10 s to connect and 60 s in all, no more bytes than the "
  "input limit. The server's answer was not a success (HTTP 404, 403...), "
  "or the transfer failed (no connection, an untrusted certificate, too "
  "large, too slow); the message says which, at the URL.",
  RUN("convert http://127.0.0.1:9/input.yaml") NGINX(""),
  "Check the URL (a raw file, not an HTML page); for a private CA, give "
  "its certificates in CURL_CA_BUNDLE." },
{ "input/cluster", DIAG_ERROR,
  "a warning when only the listing of Secrets is refused: the rest is "
  "converted",
  "the live cluster cannot be read",
  "With --kubeconfig, --context, -n or -A, the objects are listed from "
  "the cluster's API with the kubeconfig's credentials: Ingresses, "
  "IngressClasses, Services, Secrets (their values dropped as they "
  "arrive) and the ConfigMaps of ingress-nginx. The kubeconfig is "
  "missing or unusable, the context unknown, the server unreachable or its "
  "certificate untrusted, or it refused a list (HTTP 401, 403); the "
  "message says which. Nothing is converted; exit status 2.",
  RUN("convert --kubeconfig kubeconfig.yaml") FILE_AS("kubeconfig.yaml")
  "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\n",
  "Check that 'kubectl --context CONTEXT get ingress -A' works with the "
  "same kubeconfig; give the context with --context." },

/* convert: the conversion, and what the output does differently */
{ "convert/access-control", DIAG_ERROR, NULL,
  "an access check the target cannot keep: its paths now answer 500",
  "The source restricted who may reach these paths (client address "
  "allow or deny lists, basic or digest authentication, external "
  "authentication, client certificates of one host, or of a Gateway "
  "whose --target does not support client certificate validation), and "
  "the target cannot say it: standard Gateway API has no such check, an "
  "implementation's policy may lack the variant used, and some "
  "implementations fail the conformance tests of the standard "
  "spec.tls.frontend. Serving the paths "
  "without the check would publish what was protected, so the "
  "conversion fails closed: the rules of the Ingress (or host) lose "
  "their backends and mirrors and answer 500, and since this is an "
  "error, convert writes no objects unless --force.",
  RUN("convert input.yaml")
  NGINX(ANN("whitelist-source-range", "10.0.0.0/8")),
  "Convert for a target that expresses the check (--target "
  "envoy-gateway writes a SecurityPolicy), or add the implementation's "
  "policy by hand and convert with --force; remove the annotation if "
  "the check is no longer wanted." },
{ "convert/agentgateway", DIAG_WARNING,
  "info when the agentgateway policy does what nginx did",
  "an annotation becomes an AgentgatewayPolicy",
  "With --target agentgateway, implementation-specific annotations "
  "(retries, rate limits, body size, client address ranges, basic and "
  "external auth, the connect timeout) become an AgentgatewayPolicy on "
  "the generated routes, its traffic and backend fields; the read and "
  "send timeouts become the rules' timeouts.backendRequest. Each one is "
  "reported with what agentgateway does differently from nginx, or why "
  "the annotation could not be converted.",
  RUN("convert --target agentgateway input.yaml")
  NGINX(ANN("limit-rps", "20")),
  "Read the difference the message names, and adjust the generated "
  "object where it matters for your traffic." },
{ "convert/annotation-carried", DIAG_INFO, NULL,
  "another tool's annotation goes where that tool reads it",
  "cert-manager issues the certificates of a Gateway's HTTPS listeners "
  "from cert-manager.io annotations on the Gateway; external-dns reads "
  "its target annotation on the Gateway and its other annotations "
  "(hostname, ttl, provider-specific) on the routes. Such an annotation "
  "of an Ingress is copied there. A namespaced Issuer must be in the "
  "Gateway's namespace: a note says so when the Ingress was elsewhere.",
  CONVERT NGINX(ANNS "    cert-manager.io/cluster-issuer: letsencrypt\n"),
  "Check the copy, and that the tool watches Gateway API objects "
  "(cert-manager's enableGatewayAPI, external-dns's gateway sources)." },
{ "convert/annotation-conflict", DIAG_WARNING, NULL,
  "Ingresses sharing a Gateway give one of its annotations two values",
  "Another tool's annotation is carried to the Gateway that several "
  "Ingresses share (cert-manager.io/cluster-issuer, external-dns's "
  "target), and two of them give it different values. The Gateway keeps "
  "the value of the first Ingress in the controller's order; a note "
  "points at it.",
  CONVERT ING("a") ANNS "    cert-manager.io/cluster-issuer: one\n"
  SPEC("nginx") RULES HOST("a.example.com") PATH("/") "---\n" ING("b")
  ANNS "    cert-manager.io/cluster-issuer: two\n" SPEC("nginx") RULES
  HOST("b.example.com") PATH("/"),
  "Give the Ingresses the same value, or give them Gateways of their "
  "own (--layout per-namespace, or separate classes)." },
{ "convert/annotation-not-converted", DIAG_WARNING, NULL,
  "an annotation is not carried over to the Gateway API objects",
  "Without a provider for the Ingress's controller (--provider none, or "
  "a class ing2gw has no provider for), annotations are not interpreted: "
  "each one is reported, since what it made the controller do is lost. "
  "kubernetes.io/ingress.class is not, nor the annotations of other "
  "tools than the controller (Helm, kubectl, cert-manager, external-dns, "
  "Argo CD, Flux: convert/annotation-carried, "
  "convert/annotation-other-tool). With the ingress-nginx provider, this "
  "is reported for the annotations of other prefixes.",
  RUN("convert --provider none input.yaml")
  NGINX(ANN("proxy-body-size", "8m")),
  "Convert the Ingresses of ingress-nginx with its provider (--provider "
  "auto, the default, or ingress-nginx); for other controllers, configure "
  "the behaviour on the Gateway implementation, or accept the "
  "difference." },
{ "convert/annotation-other-tool", DIAG_INFO, NULL,
  "another tool's annotation is not carried over",
  "The annotation belongs to a tool that is not the Ingress controller "
  "and has no place on the Gateway API objects the conversion writes "
  "(Argo CD's sync settings, cert-manager's ACME HTTP-01 settings of "
  "Ingresses). Nothing of the routing changes; bookkeeping of Helm, "
  "kubectl and Flux is left behind without a word.",
  CONVERT NGINX(ANNS "    argocd.argoproj.io/sync-wave: \"2\"\n"),
  "Set what the tool needs on the new objects in their source (the "
  "chart or the Git repository), if it still applies." },
{ "convert/apisix-annotation-ignored", DIAG_INFO, NULL,
  "an APISIX annotation that has no effect as written",
  "The APISIX Ingress Controller reads the annotation, but it changes "
  "nothing: its switch (enable-cors, enable-response-rewrite, auth-uri, "
  "http-redirect...) is off or missing, another annotation comes first "
  "(http-to-https before http-redirect, http-allow-methods before "
  "http-block-methods, rewrite-target before rewrite-target-regex), its "
  "group failed to parse, or its value is empty, which the controller "
  "takes as absent.",
  CONVERT APISIX(ANNS AX("cors-allow-origin", "https://a.example")),
  "Set the switch the message names, or remove the annotation." },
{ "convert/apisix-annotation-invalid", DIAG_WARNING, NULL,
  "the APISIX controller reads this annotation value otherwise",
  "The controller takes a boolean as true only when it is exactly "
  "\"true\", and any other value (\"True\", \"yes\", \"1\") as false; "
  "http-redirect-code outside 301..308 as 301; auth-type other than "
  "basicAuth or keyAuth as no authentication. A number of the upstream "
  "group (upstream-retries, the timeouts) or a scheme that does not parse "
  "drops the whole group; a rewrite-target-regex that does not compile "
  "drops the proxy-rewrite plugin; enable-csrf without csrf-key drops "
  "the csrf plugin (the webhook rejects the Ingress). The conversion "
  "follows what the controller does.",
  CONVERT APISIX(ANNS AX("enable-cors", "True")),
  "Write the value the controller expects." },
{ "convert/apisix-annotation-unknown", DIAG_WARNING, NULL,
  "an annotation under k8s.apisix.apache.org/ that the controller does "
  "not read",
  "The key is not one of the APISIX Ingress Controller's Ingress "
  "annotations (internal/adc/translator/annotations/types.go), so it has "
  "no effect; the nearest known key is named when it looks like a typo.",
  CONVERT APISIX(ANNS AX("use-regx", "true")),
  "Correct the key, or remove it." },
{ "convert/apisix-backend-scheme", DIAG_WARNING, NULL,
  "APISIX spoke TLS or HTTP/2 to the backends",
  "upstream-scheme https or grpcs made APISIX speak TLS to the backends "
  "(without verifying them), grpc and grpcs HTTP/2. A Gateway speaks "
  "plain HTTP/1.1 to a Service unless a BackendTLSPolicy says how to "
  "verify it, or the Service port's appProtocol is kubernetes.io/h2c "
  "(or a GRPCRoute is used). None of these is generated.",
  CONVERT APISIX(ANNS AX("upstream-scheme", "https")),
  "Write a BackendTLSPolicy with the backends' CA and name, or set the "
  "Service port's appProtocol." },
{ "convert/apisix-backend-skipped", DIAG_INFO, NULL,
  "the APISIX controller makes no route of this path",
  "The controller translates only paths with a Service backend; a "
  "resource backend makes no route, and its requests went to another "
  "route or got 404. The path is left out.",
  CONVERT ING("web") SPEC("apisix") RULES HOST("example.com")
  "      - path: /\n        pathType: Prefix\n        backend:\n"
  "          resource: {apiGroup: example.com, kind: Bucket, name: b}\n",
  "Nothing to do, unless the path should be served: give it a Service." },
{ "convert/apisix-cors", DIAG_INFO,
  "warning where an origin, method or header is not one the CORS filter "
  "takes (it is left out)",
  "the cors plugin becomes a CORS filter, with small differences",
  "enable-cors becomes the HTTPRoute CORS filter with the allowed "
  "origins, methods and headers of the annotations ('*' when absent, "
  "'**' as '*' with credentials) and APISIX's max age of 5 seconds. "
  "APISIX answered every OPTIONS request of the route itself, preflight "
  "or not, and sent '*' for the origins '*'; a Gateway answers "
  "preflights and echoes the origin.",
  CONVERT APISIX(ANNS AX("enable-cors", "true")),
  "Check that clients only rely on preflights being answered." },
{ "convert/apisix-default-backend", DIAG_WARNING, NULL,
  "the APISIX controller makes no route of spec.defaultBackend",
  "The APISIX Ingress Controller (v2) translates the rules of an Ingress "
  "only; its spec.defaultBackend makes no route, and requests that no "
  "rule matched got APISIX's 404. It is not converted, so nothing "
  "changes.",
  CONVERT ING("web") SPEC("apisix")
  "  defaultBackend: {service: {name: web, port: {number: 80}}}\n",
  "Remove spec.defaultBackend, or add a rule with path '/' if it should "
  "serve." },
{ "convert/apisix-exact", DIAG_INFO, NULL,
  "an ImplementationSpecific path that APISIX matches exactly",
  "APISIX takes a uri without a trailing '*' as an exact match, and the "
  "controller writes an ImplementationSpecific path as it is (without "
  "use-regex): '/api' matched '/api' only. It becomes an Exact match.",
  CONVERT APISIX_PATH("", "/api", "ImplementationSpecific"),
  "Write pathType Exact, or '/api*' or pathType Prefix for a prefix." },
{ "convert/apisix-not-converted", DIAG_WARNING, NULL,
  "an APISIX plugin of an annotation that the Gateway API objects do not "
  "carry",
  "The annotation makes a plugin Gateway API has no filter for: the "
  "response status or body of response-rewrite, removed response "
  "headers, the methods of http-allow-methods and http-block-methods "
  "(fault-injection's 405), or retries and timeouts where the target has "
  "no policy for them. Added response headers are written as set.",
  CONVERT APISIX(ANNS AX("http-allow-methods", "GET,HEAD")),
  "Do it by hand: HTTPRoute method matches, the implementation's policy, "
  "or the application." },
{ "convert/apisix-plugin-config", DIAG_WARNING, NULL,
  "the plugins of an ApisixPluginConfig are not carried over",
  "plugin-config-name runs the plugins of an ApisixPluginConfig on the "
  "routes. They are not converted: each is named when the object is in "
  "the input; one that checks access closes the routes instead "
  "(convert/access-control), and when the object is not in the input "
  "what its plugins do is unknown.",
  CONVERT APISIX(ANNS AX("plugin-config-name", "limits")),
  "Add the ApisixPluginConfig to the input, and write its plugins as "
  "filters or the implementation's policies." },
{ "convert/apisix-prefix", DIAG_INFO, NULL,
  "APISIX's prefix of this path differs from a Gateway API PathPrefix",
  "A uri ending in '*' is a prefix by characters in APISIX's radixtree: "
  "the ImplementationSpecific path '/static*' also matched '/staticx'. "
  "A Prefix path '/api/' becomes the uris '/api/' and '/api/*', which do "
  "not match '/api'. A Gateway API PathPrefix compares whole segments "
  "and ignores a trailing '/'.",
  CONVERT APISIX_PATH("", "/static*", "ImplementationSpecific"),
  "If clients rely on the character match, add the longer paths they "
  "use." },
{ "convert/apisix-priority", DIAG_WARNING, NULL,
  "two Ingresses have an APISIX route of one host and URI",
  "APISIX orders the routes of one uri by priority, which is 0 for "
  "every Ingress route, and does not define the order of equal ones: "
  "either Ingress's backend answers. Gateway API picks the older "
  "route.",
  CONVERT ING("a") SPEC("apisix") RULES HOST("example.com") PATH("/")
  "---\n" ING("b") SPEC("apisix") RULES HOST("example.com")
  PATH_TO("/", "Prefix", "other"),
  "Keep one of the two paths." },
{ "convert/apisix-redirect", DIAG_WARNING,
  "info where the redirect converts and only the query string (or, for "
  "http-to-https, 308 and X-Forwarded-Proto) differs",
  "a redirect of the APISIX redirect plugin converts only in part",
  "http-redirect becomes a RequestRedirect filter when its URI is a "
  "path or an http(s) URL without APISIX variables ($uri, $host...); "
  "otherwise it is not converted and the paths reach the backend. "
  "APISIX dropped the query string of the request, Gateway API "
  "implementations keep it; http-redirect-code 304 to 306 becomes 302. "
  "http-to-https answered 308 to methods other than GET and HEAD and "
  "took the scheme of X-Forwarded-Proto, the filter sends 301 on the HTTP "
  "listener; without an HTTPS listener for the hosts it only redirects.",
  CONVERT APISIX(ANNS AX("http-redirect", "$scheme://other.example$uri")),
  "Write the redirect with a fixed URL, or by hand." },
{ "convert/apisix-regex", DIAG_WARNING, NULL,
  "a use-regex path: a PCRE searched in the uri",
  "With use-regex, an ImplementationSpecific path is a PCRE that APISIX "
  "searches anywhere in the uri, on a route of uri '/*' that every "
  "longer prefix route comes before. It becomes a RegularExpression on "
  "the whole path ('.*' added where it is not anchored), whose syntax "
  "and precedence (before PathPrefix matches) belong to the "
  "implementation.",
  CONVERT APISIX_PATH(ANNS AX("use-regex", "true"), "/v[0-9]+/users",
  "ImplementationSpecific"),
  "Anchor the pattern, and check it against the implementation's regex "
  "syntax." },
{ "convert/apisix-rewrite", DIAG_WARNING,
  "info where the regex replaces the route's prefix and converts",
  "a regex rewrite of proxy-rewrite that converts only in part",
  "rewrite-target-regex with its template becomes ReplacePrefixMatch "
  "when it is '^<prefix>(.*)' and '<new>$1' on a Prefix path of that "
  "prefix (the prefix itself is then rewritten too, which the regex did "
  "not do); any other regex is not converted, and the backend gets the "
  "request's path.",
  CONVERT APISIX(ANNS AX("rewrite-target-regex", "^/(.*)/v1")
  AX("rewrite-target-regex-template", "/$1")),
  "Write the implementation's regex rewrite by hand, or a prefix "
  "rewrite." },
{ "convert/apisix-route-policy", DIAG_WARNING, NULL,
  "an HTTPRoutePolicy sets the priority or vars of the Ingress's routes",
  "The APISIX Ingress Controller applies the priority and vars of an "
  "HTTPRoutePolicy (apisix.apache.org/v1alpha1) that targets the Ingress "
  "to every route of it: vars narrow the requests a route matches, the "
  "priority orders routes of one uri. Neither is converted: the routes "
  "match every request of their paths, in Gateway API's order.",
  CONVERT APISIX("") "---\napiVersion: apisix.apache.org/v1alpha1\n"
  "kind: HTTPRoutePolicy\nmetadata: {name: policy}\nspec:\n"
  "  targetRefs: [{group: networking.k8s.io, kind: Ingress, name: web}]\n"
  "  priority: 10\n",
  "Write the conditions as header or query matches of the routes." },
{ "convert/apisix-svc-namespace", DIAG_WARNING, NULL,
  "svc-namespace sends the paths to another namespace's Services",
  "With svc-namespace the controller takes every backend Service from "
  "that namespace. The conversion does not write cross-namespace "
  "backendRefs with their ReferenceGrant, so the Ingress's paths are "
  "left out.",
  CONVERT APISIX(ANNS AX("svc-namespace", "backends")),
  "Write the HTTPRoute rules by hand with a backendRef namespace and a "
  "ReferenceGrant in that namespace." },
{ "convert/apisix-tuning", DIAG_INFO, NULL,
  "an APISIX setting without routing effect is dropped",
  "enable-websocket and upstream-send-timeout tune the proxy and do not "
  "change which backend answers; Gateway implementations proxy "
  "WebSocket upgrades.",
  CONVERT APISIX(ANNS AX("enable-websocket", "true")),
  "Nothing, or the implementation's settings." },
{ "convert/aws-alb-action", DIAG_WARNING, NULL,
  "an ALB action (actions.NAME) is not fully expressible",
  "A path whose backend port is 'use-annotation' takes the action of "
  "annotation actions.NAME: forward to weighted target groups, redirect, "
  "or a fixed response. Target groups named by ARN are outside the "
  "cluster, target group stickiness keeps a client on one group, and a "
  "redirect may build its host, path and query from #{...} placeholders; "
  "none of these has a Gateway API form.",
  CONVERT ING("web") ANNS AL("actions.blue", "{\"type\":\"forward\","
  "\"targetGroupARN\":\"arn:aws:elasticloadbalancing:tg/legacy\"}")
  SPEC("alb") RULES HOST("example.com") "      - path: /\n"
  "        pathType: Prefix\n        backend: {service: {name: blue, "
  "port: {name: use-annotation}}}\n",
  "Move the target group's application into the cluster, or route to it "
  "with the implementation's own backend objects." },
{ "convert/aws-alb-annotation-invalid", DIAG_WARNING, NULL,
  "the AWS Load Balancer Controller rejects an annotation value",
  "A value that does not parse (a bad boolean, integer, JSON, list of "
  "key=value, group name or group.order out of -1000..1000) fails the "
  "controller's build of the whole IngressGroup: the load balancer keeps "
  "its last state, or is never made. The conversion uses the default.",
  CONVERT ALB(ANNS AL("group.order", "first")),
  "Write a value the controller accepts ('ing2gw annotations -p aws-alb' "
  "lists them)." },
{ "convert/aws-alb-annotation-unknown", DIAG_WARNING, NULL,
  "an alb.ingress.kubernetes.io key the controller does not know",
  "The controller reads only the keys it knows and ignores the others; "
  "a misspelt key has no effect. The message names the nearest key.",
  CONVERT ALB(ANNS AL("sheme", "internet-facing")),
  "Fix the key's spelling, or remove it." },
{ "convert/aws-alb-backend-protocol", DIAG_WARNING, NULL,
  "ALB spoke HTTPS, HTTP/2 or gRPC to the pods",
  "backend-protocol HTTPS makes ALB use TLS to the targets without "
  "verifying their certificates; backend-protocol-version HTTP2 or GRPC "
  "makes it speak HTTP/2. A Gateway speaks plain HTTP/1.1 unless a "
  "BackendTLSPolicy (which verifies the certificate) or the Service "
  "port's appProtocol says otherwise.",
  CONVERT ALB(ANNS AL("backend-protocol", "HTTPS")),
  "Add a BackendTLSPolicy with the CA of the pods' certificates, or set "
  "appProtocol kubernetes.io/h2c on the Service port for HTTP/2." },
{ "convert/aws-alb-certificate", DIAG_WARNING, NULL,
  "ALB's ACM certificates do not carry over",
  "ALB's HTTPS listeners use ACM certificates (certificate-arn, or "
  "discovered for the tls hosts); the tls section's secretName is not "
  "read. ACM certificates cannot be exported, so a Gateway's HTTPS "
  "listener needs a Secret with a certificate for each host; an Ingress "
  "whose rules are on HTTPS only and whose host has no tls section with "
  "a secretName has no listener.",
  CONVERT ALB(ANNS AL("certificate-arn",
  "arn:aws:acm:us-east-1:1:certificate/x")),
  "Issue the certificates into Secrets (cert-manager) and name them in "
  "the tls section." },
{ "convert/aws-alb-condition", DIAG_WARNING, NULL,
  "an ALB rule condition (conditions.NAME) is not converted",
  "conditions.NAME adds conditions to the rules of the paths to Service "
  "NAME. The http-header, http-request-method (with HTTPRoute's methods), "
  "query-string (with keys) and path-pattern conditions convert, a match "
  "per combination of their values up to 16; host-header conditions, "
  "query values under any key, and what passes those bounds do not, so "
  "the rule matches more requests than ALB's did. A source-ip condition "
  "restricts who may reach the path: an error (convert/access-control).",
  CONVERT ING("web") ANNS AL("conditions.web", "[{\"field\":"
  "\"host-header\",\"hostHeaderConfig\":{\"values\":"
  "[\"api.example.com\"]}}]") SPEC("alb") RULES HOST("example.com")
  PATH("/"),
  "Add the host or query match to the HTTPRoute rule by hand." },
{ "convert/aws-alb-default-backend", DIAG_INFO, NULL,
  "the defaultBackend is ALB's default action, after every rule",
  "ALB takes an Ingress's defaultBackend as the listeners' default "
  "action: it answers only what no rule of the group matches. It becomes "
  "a PathPrefix '/' rule without host, which Gateway API ranks below "
  "every more specific match, as ALB does.",
  CONVERT ING("web") SPEC("alb")
  "  defaultBackend: {service: {name: web, port: {number: 80}}}\n",
  "Nothing to do." },
{ "convert/aws-alb-fixed-response", DIAG_WARNING, NULL,
  "ALB answered a path itself; Gateway API has no fixed response",
  "An action of type fixed-response answers with its own status and "
  "body. Gateway API has no such filter: the rule keeps its match and "
  "has no backend, so it answers 500.",
  CONVERT ING("web") ANNS AL("actions.gone", "{\"type\":\"fixed-response\","
  "\"fixedResponseConfig\":{\"statusCode\":\"410\"}}") SPEC("alb") RULES
  HOST("example.com") "      - path: /old\n        pathType: Exact\n"
  "        backend: {service: {name: gone, port: {name: use-annotation}}}"
  "\n",
  "Route the path to a small Service that answers it, or use the "
  "implementation's direct response." },
{ "convert/aws-alb-group-merged", DIAG_WARNING, NULL,
  "two IngressGroups (two load balancers) have rules for one host",
  "Each IngressGroup, and each Ingress without group.name, is its own "
  "Application Load Balancer with its own address; DNS sent a host's "
  "clients to one of them. The output puts every Ingress of the class on "
  "one Gateway, so the paths of both groups for the host now share one "
  "precedence.",
  CONVERT ING("a") SPEC("alb") RULES HOST("example.com") PATH("/") "---\n"
  ING("b") SPEC("alb") RULES HOST("example.com") PATH_TO("/api",
  "Prefix", "api"),
  "Put the Ingresses of a host in one IngressGroup, or keep the groups "
  "on separate Gateways (--gateway-name per group)." },
{ "convert/aws-alb-ingress-refused", DIAG_WARNING, NULL,
  "the IngressClassParams' namespaceSelector refuses the Ingress",
  "An IngressClass of the controller may name IngressClassParams whose "
  "namespaceSelector limits the namespaces whose Ingresses may use the "
  "class. The controller refuses an Ingress of another namespace, so none "
  "of its paths are served; it is not converted.",
  CONVERT "apiVersion: elbv2.k8s.aws/v1beta1\nkind: IngressClassParams\n"
  "metadata: {name: team}\nspec:\n  namespaceSelector:\n"
  "    matchLabels: {team: shop}\n---\n"
  "apiVersion: networking.k8s.io/v1\nkind: IngressClass\n"
  "metadata: {name: alb}\nspec:\n  controller: ingress.k8s.aws/alb\n"
  "  parameters: {apiGroup: elbv2.k8s.aws, kind: IngressClassParams, "
  "name: team}\n---\napiVersion: v1\nkind: Namespace\n"
  "metadata: {name: default, labels: {team: other}}\n---\n" ALB(""),
  "Label the namespace as the selector asks, or use another class." },
{ "convert/aws-alb-listen-port", DIAG_WARNING, NULL,
  "ALB listened on a port other than 80 or 443",
  "listen-ports names the listeners an Ingress's rules go to. The "
  "Gateway has an HTTP listener on 80 and HTTPS listeners on 443, so "
  "rules of other ports move to those.",
  CONVERT ALB(ANNS AL("listen-ports", "[{\"HTTP\": 8080}]")),
  "Add a listener for the port to the Gateway by hand if clients use it." },
{ "convert/aws-alb-not-converted", DIAG_INFO,
  "warning where the difference reaches clients (stickiness, Shield, "
  "client certificates passed through)",
  "an ALB setting has no Gateway API equivalent",
  "Load balancer and target group attributes, the TLS policy, the "
  "identity provider's settings and Shield protection belong to the "
  "load balancer; Gateway API has no field for them. Those the target "
  "claims (idle timeout, load balancing) are written as its objects.",
  CONVERT ALB(ANNS AL("ssl-policy", "ELBSecurityPolicy-TLS13-1-2-2021-06")),
  "Configure the equivalent on the Gateway implementation." },
{ "convert/aws-alb-path-exact", DIAG_WARNING, NULL,
  "an ImplementationSpecific path without wildcard is exact for ALB",
  "ALB matches an ImplementationSpecific path as a path pattern: without "
  "'*' or '?' it is the exact path, not a prefix. It becomes an Exact "
  "match.",
  CONVERT ALB_PATH(, "/api", "ImplementationSpecific"),
  "Use pathType Exact, or Prefix if the subpaths should match too." },
{ "convert/aws-alb-path-invalid", DIAG_WARNING, NULL,
  "the controller rejects an Exact or Prefix path with a wildcard",
  "Exact and Prefix paths must not contain '*' or '?'; the controller "
  "fails to build the whole IngressGroup. The path is left out.",
  CONVERT ALB_PATH(, "/api/*", "Prefix"),
  "Use pathType ImplementationSpecific for a wildcard pattern." },
{ "convert/aws-alb-path-regex", DIAG_WARNING, NULL,
  "use-regex-path-match makes paths regular expressions",
  "With use-regex-path-match, ALB takes an ImplementationSpecific path "
  "without its first '/' as a regular expression. It becomes a "
  "RegularExpression match, whose syntax and support belong to the "
  "implementation.",
  CONVERT ALB_PATH(ANNS AL("use-regex-path-match", "true"), "/api/v[0-9]+",
  "ImplementationSpecific"),
  "Check the expression against the implementation's regex dialect." },
{ "convert/aws-alb-path-wildcard", DIAG_WARNING, NULL,
  "an ALB wildcard path pattern becomes a prefix or a regex",
  "An ImplementationSpecific path is an ALB path pattern: '*' matches any "
  "run of characters, '?' one. '/x/*' becomes PathPrefix '/x', which "
  "also matches '/x' itself (ALB needs the '/'); other patterns become "
  "RegularExpression matches.",
  CONVERT ALB_PATH(, "/static/*", "ImplementationSpecific"),
  "Use pathType Prefix where '/x' itself may match." },
{ "convert/aws-alb-query-case", DIAG_WARNING, NULL,
  "a query-string condition now matches names and values as written",
  "ALB compared a query-string condition's keys and values ignoring case. "
  "The condition becomes a queryParams match, whose parameter name, and "
  "whose value unless it has a wildcard, match as written: '?V=2' no "
  "longer takes a rule that asks for v=2.",
  CONVERT ALB(ANNS AL("conditions.web", "[{\"field\":\"query-string\","
  "\"queryStringConfig\":{\"values\":[{\"key\":\"v\",\"value\":"
  "\"2\"}]}}]")),
  "Have the clients send the case the rule names, or add the other "
  "spellings as further matches by hand." },
{ "convert/aws-alb-rule-order", DIAG_WARNING,
  "info for a group.order that changes no winner",
  "ALB takes the first rule by priority, Gateway API the most specific "
  "match",
  "The controller numbers an IngressGroup's rules in order: Ingresses by "
  "group.order then namespace/name, in each its rules, Exact paths, "
  "Prefix paths longest first, then ImplementationSpecific paths. ALB "
  "evaluates them by that priority and the first match wins, so an "
  "earlier '/' catches '/api' of a later Ingress. Gateway API prefers "
  "the more specific match: those requests now reach the later path's "
  "backend.",
  CONVERT ING("a") ANNS AL("group.name", "shop") SPEC("alb") RULES
  HOST("example.com") PATH("/") "---\n" ING("b") ANNS AL("group.name",
  "shop") SPEC("alb") RULES HOST("example.com") PATH_TO("/api", "Prefix",
  "api"),
  "Check that the more specific path should win; if not, remove it or "
  "merge the two." },
{ "convert/aws-alb-transform", DIAG_WARNING, NULL,
  "an ALB transform (transforms.NAME) rewrote the host or URL",
  "transforms.NAME makes ALB rewrite the Host header or the URL of the "
  "requests to Service NAME, by regular expression, before forwarding "
  "them. It is not converted: the backend gets them unchanged.",
  CONVERT ALB(ANNS AL("transforms.web", "[{\"type\":\"url-rewrite\","
  "\"urlRewriteConfig\":{\"rewrites\":[{\"regex\":\"^/api/(.+)$\","
  "\"replace\":\"/$1\"}]}}]")),
  "Add a URLRewrite filter by hand (ReplacePrefixMatch covers removing a "
  "prefix), or the implementation's regex rewrite." },
{ "convert/aws-alb-tuning", DIAG_INFO, NULL,
  "an ALB annotation only tunes the load balancer; it is dropped",
  "The scheme, subnets, target type, health checks, tags and the other "
  "settings of the load balancer itself do not change which backend "
  "answers; they are dropped.",
  CONVERT ALB(ANNS AL("scheme", "internet-facing")),
  "Configure the equivalent on the Gateway implementation if needed." },
{ "convert/cilium-annotation-ignored", DIAG_INFO, "warning under the old prefix",
  "Cilium does not read an ingress.cilium.io key here",
  "Older Cilium releases read tcp-keep-alive*, websocket; the current one "
  "ignores them. The old prefix io.cilium.ingress/ works for five keys "
  "only (loadbalancer-mode, service-type, insecure-node-port, "
  "secure-node-port, tls-passthrough), and the new prefix wins when both "
  "are set. Nothing is converted from a key Cilium ignores.",
  CONVERT CILIUM(ANNS CIL_A("websocket", "enabled")),
  "Remove the key." },
{ "convert/cilium-annotation-invalid", DIAG_WARNING, NULL,
  "Cilium cannot use an ingress.cilium.io value",
  "The operator compares values as written (dedicated or shared, "
  "LoadBalancer or NodePort, enabled or disabled or a Go boolean) and "
  "parses ports with ParseInt and timeouts with time.ParseDuration. A "
  "value it cannot use falls back to the default, with a line in its "
  "log; the conversion does the same.",
  CONVERT CILIUM(ANNS CIL_A("request-timeout", "30 seconds")),
  "Write a value Cilium accepts ('ing2gw annotations -p cilium' lists "
  "them), and convert again." },
{ "convert/cilium-annotation-unknown", DIAG_WARNING, NULL,
  "an ingress.cilium.io key that Cilium does not know",
  "The key is under Cilium's prefix but is none of its annotations: "
  "Cilium ignores it. The message suggests the closest known key.",
  CONVERT CILIUM(ANNS CIL_A("force-htps", "enabled")),
  "Fix the key's spelling, or remove it." },
{ "convert/cilium-default-backend", DIAG_WARNING, NULL,
  "Cilium's default backend serves only hosts that no rule names",
  "Cilium puts spec.defaultBackend in the '*' virtual host of its Envoy "
  "configuration. Envoy picks the virtual host by the request's host "
  "first, so a host that a rule names answers 404 for a path none of its "
  "rules match, instead of reaching the default backend. On the Gateway "
  "the PathPrefix '/' rule without hostname also serves those paths.",
  CONVERT ING("web") SPEC("cilium")
  "  defaultBackend: {service: {name: web, port: {number: 80}}}\n"
  RULES HOST("example.com") PATH("/api"),
  "Accept the wider fallback, or add a rule for the host that answers "
  "404 (a route to a Service that does)." },
{ "convert/cilium-duplicate-path", DIAG_WARNING, NULL,
  "Cilium splits a shared match between Services; the Gateway does not",
  "Cilium merges the routes of the same host and match (from several "
  "Ingresses, or twice in one) into one Envoy route whose Services share "
  "the requests equally. Gateway API sends them all to the older route.",
  CONVERT CILIUM("") "---\n" ING("api") AGE("2020-01-01") SPEC("cilium")
  RULES HOST("example.com") PATH_TO("/", "Prefix", "api"),
  "Split them with weighted backendRefs in one rule, or remove one of "
  "the paths." },
{ "convert/cilium-force-https", DIAG_INFO, NULL,
  "Cilium redirects HTTP to HTTPS for the TLS hosts; so does the output",
  "With the operator's enforce-ingress-https (on by default) or "
  "ingress.cilium.io/force-https, Cilium answers the HTTP requests of a "
  "host of spec.tls with a 301 redirect to HTTPS. The output gets an "
  "HTTPRoute on the HTTP listener with a RequestRedirect filter (scheme "
  "https, 301), and the host's routes attach to its HTTPS listener.",
  CONVERT CIL_TLS(""),
  "Nothing; set ingress.cilium.io/force-https: disabled on the Ingress "
  "to keep HTTP served." },
{ "convert/cilium-host-fallback", DIAG_WARNING, NULL,
  "Cilium serves a rule without host only to hosts no rule names",
  "Cilium puts the rules without host in the '*' virtual host of its "
  "Envoy configuration; Envoy picks the virtual host by the request's "
  "host first, so a named host answers 404 for a path none of its rules "
  "match. On the Gateway the route without hostname also serves the "
  "unmatched paths of the named hosts.",
  CONVERT ING("web") SPEC("cilium") RULES HOST("example.com")
  PATH("/api") ANY_HOST PATH("/"),
  "Accept the wider fallback, or give the rule a host." },
{ "convert/cilium-load-balancer", DIAG_INFO, NULL,
  "a setting of the Service Cilium makes for an Ingress is not carried",
  "service-type, the node ports, loadbalancer-class, "
  "service-external-traffic-policy, host-listener-port and the "
  "annotations Cilium copies to the Ingress's LoadBalancer Service "
  "(lbipam.cilium.io, service.beta.kubernetes.io, ...) set up the "
  "Service of a dedicated Ingress. The Gateway's Service belongs to its "
  "implementation (GatewayClass parameters, spec.infrastructure).",
  CONVERT CILIUM(ANNS CIL_A("service-type", "NodePort")),
  "Configure the Gateway's Service through its implementation." },
{ "convert/cilium-loadbalancer-mode", DIAG_INFO, NULL,
  "a dedicated Ingress shares the Gateway's one address",
  "In the dedicated mode (the default of loadbalancer-mode) Cilium gives "
  "each Ingress its own LoadBalancer Service and address, so Ingresses "
  "never meet; the shared mode puts them on one address. The Gateway has "
  "one address for every converted Ingress, as the shared mode: their "
  "hosts and paths can now meet (the conversion says where).",
  CONVERT CILIUM("") "---\n" ING("api") SPEC("cilium") RULES
  HOST("api.example.com") PATH("/"),
  "Point the DNS names of the dedicated Ingresses at the Gateway, or "
  "convert an Ingress that must stay apart into a Gateway of its own "
  "(--gateway-name)." },
{ "convert/cilium-passthrough", DIAG_INFO, "warning for what Cilium skips",
  "tls-passthrough: a TLSRoute on a Passthrough listener",
  "A tls-passthrough Ingress passes the TLS connections of its hosts, not "
  "decrypted, to the backend of path '/'; Cilium makes no HTTP listener "
  "for it, skips other paths, rules without host and the default "
  "backend. The output has a Passthrough listener and a TLSRoute per "
  "host, and nothing on HTTP.",
  CONVERT CILIUM(ANNS CIL_A("tls-passthrough", "enabled")),
  "Nothing." },
{ "convert/cilium-regex", DIAG_WARNING, "info for a literal path",
  "Cilium matches an ImplementationSpecific path as a regular expression",
  "Cilium makes an ImplementationSpecific path an Envoy (RE2) regular "
  "expression matched against the whole path, and sorts its routes "
  "Exact first, then regular expressions, then prefixes (longer first "
  "in each). A path without special characters becomes an Exact match; "
  "others a RegularExpression match, whose dialect and precedence on "
  "the Gateway are implementation-specific.",
  CONVERT CIL_PATH("/v[0-9]+/items", "ImplementationSpecific"),
  "Check the expression and its order on the Gateway; write Exact or "
  "Prefix paths where they say the same." },
{ "convert/class-mismatch", DIAG_WARNING, NULL,
  "the class annotation and spec.ingressClassName disagree",
  "The API server refuses to create an Ingress whose "
  "kubernetes.io/ingress.class annotation differs from "
  "spec.ingressClassName, but older objects can have both, and "
  "controllers differ on which one wins. The conversion uses "
  "spec.ingressClassName, which may put the Ingress into another Gateway "
  "than the controller that really serves it, and choose another "
  "provider.",
  CONVERT ING("web") "  annotations: {kubernetes.io/ingress.class: "
  "traefik}\n" SPEC("nginx") RULES ANY_HOST PATH("/"),
  "Find out which controller serves the Ingress, and make both name its "
  "class, or remove the annotation." },
{ "convert/class-not-found", DIAG_WARNING, NULL,
  "no Ingress is of the class given to --ingress-class",
  "--ingress-class converts the Ingresses of one class (from "
  "spec.ingressClassName, the class annotation or the default "
  "IngressClass). The input has Ingresses, but none of that class, so "
  "nothing is converted.",
  RUN("convert --ingress-class internal input.yaml") NGINX(""),
  "Check the class name ('kubectl get ingressclass' lists them), or drop "
  "--ingress-class to convert every class." },
{ "convert/class-skipped", DIAG_INFO, NULL,
  "an Ingress of another class than --ingress-class is not converted",
  "With --ingress-class, only the Ingresses of that class are converted. "
  "Each other one is named, so that a route missing from the output can "
  "be traced to its class.",
  RUN("convert --ingress-class nginx input.yaml")
  ING("blog") SPEC("traefik") RULES ANY_HOST PATH("/"),
  "Nothing, if another controller serves the Ingress; otherwise convert "
  "its class too (once per class, or without --ingress-class)." },
{ "convert/default-backend-scope", DIAG_INFO, NULL,
  "spec.defaultBackend serves only the hosts of its own Ingress",
  "An Ingress with host rules and a defaultBackend gets a PathPrefix '/' "
  "rule to that backend in the routes of its own hosts, as ingress-nginx "
  "does; requests for hosts the Ingress does not name do not reach it. "
  "The Ingress specification leaves open whether a defaultBackend "
  "catches every host, and some controllers did.",
  RUN("convert --provider none input.yaml") ING("web") SPEC("nginx")
  "  defaultBackend: {service: {name: fallback, port: {number: 80}}}\n"
  RULES HOST("example.com") PATH("/api"),
  "If the controller sent every unknown host there, add an Ingress "
  "without rules whose defaultBackend is that Service: it becomes a "
  "route without hostnames." },
{ "convert/duplicate-path", DIAG_WARNING, NULL,
  "a path appears twice for one host; the second is left out",
  "The Ingress lists the same path with the same pathType twice for one "
  "host. Only the first can ever match, so the later one and its "
  "backend are left out of the route, as ingress-nginx keeps the first "
  "one too. A note points at the first.",
  CONVERT ING("web") SPEC("nginx") RULES ANY_HOST
  PATH_TO("/app", "Prefix", "app-v1") PATH_TO("/app", "Prefix", "app-v2"),
  "Remove one of the two paths; to share traffic between both backends, "
  "use a canary Ingress or weights on the generated route." },
{ "convert/envoy-gateway", DIAG_WARNING,
  "info when the Envoy Gateway object does what nginx did",
  "an annotation becomes an Envoy Gateway policy or filter",
  "With --target envoy-gateway, implementation-specific annotations "
  "(timeouts, retries, load balancing, affinity, rate limits, body size, "
  "client address ranges, basic and external auth, rewrites with "
  "captures, the PROXY protocol) become Envoy Gateway objects attached "
  "to the generated routes. Each one is reported with what Envoy does "
  "differently from nginx, or why the annotation could not be "
  "converted.",
  RUN("convert --target envoy-gateway input.yaml")
  NGINX(ANN("limit-rps", "20")),
  "Read the difference the message names, and adjust the generated "
  "object where it matters for your traffic." },
{ "convert/f5-nginx-annotation-invalid", DIAG_WARNING, NULL,
  "F5 NGINX's admission refuses an annotation value: the Ingress is rejected",
  "F5 NGINX checks every annotation of an Ingress before it configures "
  "nginx (internal/k8s/validation.go). A value it cannot use (a bool "
  "that does not parse, a bad time, an unknown load balancing method, a "
  "malformed nginx.org/rewrites) rejects the whole Ingress: none of its "
  "paths are served today, so none are converted.",
  CONVERT F5ING(ANNS F5A("nginx.org/proxy-read-timeout", "soon")),
  "Fix the value ('ing2gw annotations -p f5-nginx' lists the forms) and "
  "convert again." },
{ "convert/f5-nginx-annotation-unknown", DIAG_WARNING, NULL,
  "a key under F5 NGINX's prefixes that the controller does not read",
  "F5 NGINX reads a fixed set of nginx.org/, nginx.com/ and App Protect "
  "keys; another one under those prefixes (often a typo, or an "
  "ingress-nginx key under the wrong prefix) has no effect. The message "
  "names the nearest known key.",
  CONVERT F5ING(ANNS F5A("nginx.org/lb-methd", "least_conn")),
  "Correct the key, or remove it." },
{ "convert/f5-nginx-class", DIAG_INFO, NULL,
  "the class 'nginx' without IngressClass: F5 NGINX's or ingress-nginx's",
  "Both ingress-nginx and F5 NGINX serve the class 'nginx' by default. "
  "With an IngressClass in the input its spec.controller decides. "
  "Without one, an Ingress whose nginx.org/, nginx.com/ and App Protect "
  "keys outnumber its nginx.ingress.kubernetes.io/ keys converts as F5 "
  "NGINX's, any other as ingress-nginx's; this info says which way an "
  "Ingress with F5 NGINX keys went.",
  CONVERT ING("web") "  annotations:\n    kubernetes.io/ingress.class: "
  "nginx\n" F5A("nginx.org/ssl-redirect", "false") "spec:\n" RULES
  HOST("example.com") PATH("/"),
  "Add the IngressClass objects to the input (or give --provider) to "
  "decide it yourself." },
{ "convert/f5-nginx-default-backend", DIAG_INFO, NULL,
  "an F5 NGINX defaultBackend answers its hosts' unmatched paths",
  "F5 NGINX turns spec.defaultBackend into the location '/' of each host "
  "of the Ingress when no path is '/'; it does not answer other hosts. "
  "The conversion adds a PathPrefix '/' rule to the host's route.",
  CONVERT F5CLASS ING("web") SPEC("nginx")
  "  defaultBackend: {service: {name: web, port: {number: 80}}}\n"
  RULES HOST("example.com") PATH("/api"),
  "Nothing to do; for other hosts, add routes." },
{ "convert/f5-nginx-host-collision", DIAG_WARNING, NULL,
  "another F5 NGINX Ingress holds the host: this rule is not served",
  "F5 NGINX makes one nginx server per host, held by the oldest Ingress "
  "(or the master of mergeable Ingresses); a newer Ingress's rule for "
  "the same host is not served. It is left out of the conversion.",
  CONVERT F5CLASS ING("a") AGE("2024-01-01") SPEC("nginx") RULES
  HOST("example.com") PATH("/") "---\n" ING("b") AGE("2024-02-01")
  SPEC("nginx") RULES HOST("example.com") PATH_TO("/b", "Prefix", "b"),
  "Merge the paths into one Ingress, or make them mergeable (a master and "
  "minions)." },
{ "convert/f5-nginx-ingress-rejected", DIAG_WARNING, NULL,
  "F5 NGINX rejects the Ingress; it is not converted",
  "The admission of F5 NGINX rejects an Ingress without rules, with a "
  "rule without host (unless -allow-empty-ingress-host), with a path "
  "nginx cannot take, a resource backend, a master with paths or a "
  "minion with tls, or with an annotation value it refuses. It serves "
  "none of its paths, so none are converted.",
  CONVERT F5CLASS ING("web") SPEC("nginx") RULES ANY_HOST PATH("/"),
  "Fix what the message names and convert again." },
{ "convert/f5-nginx-mergeable", DIAG_WARNING, NULL,
  "mergeable Ingresses: a key or path F5 NGINX ignores",
  "A master (nginx.org/mergeable-ingress-type: master) holds the host, "
  "its TLS and the server-wide keys; its minions hold the paths and the "
  "location keys. F5 NGINX ignores a server-wide key on a minion, a "
  "Service key on a master, a path an older minion of the host already "
  "has, and every path of a minion without master.",
  CONVERT F5CLASS ING("m") ANNS F5A("nginx.org/mergeable-ingress-type",
  "master") SPEC("nginx") RULES "  - host: example.com\n" "---\n"
  ING("tea") ANNS F5A("nginx.org/mergeable-ingress-type", "minion")
  F5A("nginx.org/hsts", "true") SPEC("nginx") RULES HOST("example.com")
  PATH("/tea"),
  "Move the key to the master (or to the minions)." },
{ "convert/f5-nginx-not-converted", DIAG_WARNING, NULL,
  "an F5 NGINX annotation has no standard Gateway API equivalent",
  "The annotation changes what nginx does (a timeout, a load balancing "
  "method, a health check, backend TLS or gRPC, a Policy that does not "
  "check access) and the chosen target has no object for it. The "
  "message names the nearest setting.",
  CONVERT F5ING(ANNS F5A("nginx.org/lb-method", "least_conn")),
  "Configure the equivalent on the Gateway implementation, or convert "
  "with a --target that has it." },
{ "convert/f5-nginx-path-regex", DIAG_WARNING, NULL,
  "an nginx regex location becomes a RegularExpression match",
  "nginx.org/path-regex makes the paths regex locations, matched from "
  "the start of the URI ('^' is added), with or without case. They "
  "become RegularExpression matches on the whole path ('.*' appended), "
  "whose syntax belongs to the implementation. nginx tries the regex "
  "locations in order after finding the longest prefix, and the first "
  "that matches wins; Gateway API ranks matches by type and length.",
  CONVERT F5ING(ANNS F5A("nginx.org/path-regex", "case_sensitive")),
  "Check that the implementation accepts the expression, and that no "
  "other rule of the host now wins its requests." },
{ "convert/f5-nginx-prefix", DIAG_INFO, NULL,
  "nginx's prefix locations match characters, Gateway API's segments",
  "F5 NGINX makes a Prefix (or ImplementationSpecific) path an nginx "
  "prefix location, which compares characters: '/api' also matches "
  "'/apis', and '/api/' does not match '/api'. A Gateway API PathPrefix "
  "compares whole segments and ignores a trailing '/'.",
  CONVERT F5CLASS ING("web") SPEC("nginx") RULES HOST("example.com")
  PATH("/api"),
  "If clients rely on the character match, add the longer paths they "
  "use." },
{ "convert/f5-nginx-rewrite", DIAG_INFO,
  "warning where the rewrite is not converted",
  "nginx.org/rewrites and rewrite-target differ from URLRewrite",
  "nginx.org/rewrites gives proxy_pass a URI, so nginx replaces the "
  "characters of the location by it: location '/coffee' with rewrite "
  "'/beans/' sends '/coffee/x' as '/beans//x', where ReplacePrefixMatch "
  "gives '/beans/x'. On a regex location nginx refuses such a rewrite; "
  "a rewrite-target with $n captures needs a regex rewrite standard "
  "Gateway API does not have.",
  CONVERT F5ING(ANNS F5A("nginx.org/rewrites",
  "serviceName=web rewrite=/v1/") F5A("nginx.org/path-regex",
  "case_sensitive")),
  "Check the paths the backend receives; with captures, use an "
  "implementation's regex rewrite." },
{ "convert/f5-nginx-snippet", DIAG_WARNING,
  "error (convert/access-control) when the snippet checks access",
  "an F5 NGINX snippet annotation is raw nginx configuration",
  "nginx.org/server-snippets and location-snippets put raw nginx "
  "configuration in the server or its locations (with -enable-snippets). "
  "Gateway API has no equivalent; the snippet is not carried over. One "
  "with allow, deny, auth_* or return 401/403 checks access: the "
  "conversion then fails closed (convert/access-control).",
  CONVERT F5ING(ANNS F5A("nginx.org/location-snippets", "gzip on;")),
  "Rewrite what the snippet does with filters or the implementation's "
  "policies." },
{ "convert/f5-nginx-ssl-redirect", DIAG_INFO,
  "warning for nginx.org/redirect-to-https",
  "F5 NGINX redirects HTTP to HTTPS on hosts with TLS",
  "A host with a tls section gets a server on port 443, and F5 NGINX "
  "(nginx.org/ssl-redirect, default true) answers every HTTP request "
  "with http-redirect-code (301) to 'https://host:443' and the URI. The "
  "conversion attaches the routes to the HTTPS listener and adds a "
  "redirect route on the HTTP listener; Gateway API implementations may "
  "leave ':443' out of the Location. nginx.org/redirect-to-https "
  "redirected the requests whose X-Forwarded-Proto is 'http', which "
  "the Gateway does not.",
  CONVERT F5TLS(""),
  "Nothing to do for ssl-redirect; with redirect-to-https, end TLS on "
  "the Gateway." },
{ "convert/f5-nginx-tuning", DIAG_INFO, NULL,
  "an F5 NGINX annotation only tunes nginx; it is dropped",
  "Buffers, keepalive, upstream zone sizes, passive health check limits "
  "and the like do not change which backend answers; they are dropped.",
  CONVERT F5ING(ANNS F5A("nginx.org/proxy-buffering", "false")),
  "Configure the equivalent on the Gateway implementation if needed." },
{ "convert/f5-nginx-websocket", DIAG_INFO, NULL,
  "nginx.org/websocket-services needs nothing in Gateway API",
  "F5 NGINX passes the Upgrade and Connection headers only to the "
  "Services listed; Gateway API implementations pass WebSocket upgrades "
  "to every backend. Long-lived connections may meet the "
  "implementation's idle timeout.",
  CONVERT F5ING(ANNS F5A("nginx.org/websocket-services", "web")),
  "Nothing to do; check the idle timeout for long connections." },
{ "convert/gateway-class-assumed", DIAG_INFO, NULL,
  "a Gateway's gatewayClassName is the Ingress class's name",
  "Without --gateway-class, each Gateway gets the name of its Ingress "
  "class as gatewayClassName ('nginx', or 'default' for Ingresses "
  "without class). The new implementation's GatewayClass usually has "
  "another name (eg, istio, cilium...): a Gateway of a class nobody "
  "implements is never programmed.",
  CONVERT NGINX(""),
  "Give --gateway-class the GatewayClass of the implementation "
  "('kubectl get gatewayclass' lists them)." },
{ "convert/gce-allow-http", DIAG_WARNING, NULL,
  "HTTPS only in GKE, but no HTTPS listener for the host",
  "With kubernetes.io/ingress.allow-http \"false\", or a FrontendConfig "
  "that redirects HTTP to HTTPS, GKE's load balancer answers the Ingress's "
  "paths over HTTPS only, and the routes attach to the HTTPS listener of "
  "their host. A host without a tls entry with a Secret (its certificate "
  "comes from a pre-shared or managed certificate, or the rule has no "
  "host) has no HTTPS listener: its routes stay on the HTTP listener, "
  "which answers what GKE did not.",
  CONVERT GCE(G("kubernetes.io/ingress.allow-http", "false")),
  "Add a tls entry with the host and the Secret of its certificate, or "
  "attach the route to the listener that should serve it by hand." },
{ "convert/gce-annotation-ignored", DIAG_WARNING, NULL,
  "a Service annotation of GKE on an Ingress has no effect",
  "GKE reads cloud.google.com/backend-config, app-protocols, neg and the "
  "traffic-scaling keys from the Service a path names, not from the "
  "Ingress. On an Ingress they do nothing, and nothing is converted.",
  CONVERT GCE(G("cloud.google.com/backend-config", "{}")),
  "Move the annotation to the Service, or remove it." },
{ "convert/gce-annotation-invalid", DIAG_WARNING, NULL,
  "GKE cannot use an annotation value",
  "kubernetes.io/ingress.allow-http and networking.gke.io/suppress-"
  "firewall-xpn-error are read with Go's strconv.ParseBool; another value "
  "gives the default (true, and false). An empty certificate list names "
  "nothing. The conversion follows what GKE does.",
  CONVERT GCE(G("kubernetes.io/ingress.allow-http", "no")),
  "Write true or false ('ing2gw annotations -p gce' lists the kinds)." },
{ "convert/gce-annotation-unknown", DIAG_WARNING, NULL,
  "a key under a GKE prefix that GKE's Ingress controller does not read",
  "The key is under ingress.gcp.kubernetes.io/, networking.gke.io/ or "
  "kubernetes.io/ingress. but is none of the keys GKE's Ingress "
  "controller reads, so it has no effect. The message suggests the "
  "closest known key.",
  CONVERT GCE(G("networking.gke.io/manged-certificates", "web")),
  "Fix the key's spelling, or remove it." },
{ "convert/gce-app-protocol", DIAG_WARNING, NULL,
  "GKE speaks HTTPS or HTTP/2 to the backend; the Gateway plain HTTP",
  "cloud.google.com/app-protocols on the Service makes GKE's load "
  "balancer use HTTPS or HTTP2 (over TLS) to the port, without verifying "
  "the backend's certificate. Gateway API does TLS to a backend with a "
  "BackendTLSPolicy, which verifies the certificate against a CA and a "
  "name; without one the Gateway sends plain HTTP. An annotation that "
  "is not valid JSON, or names another protocol, makes GKE reject the "
  "backend.",
  CONVERT GCE("") GCE_SERVICE(G("cloud.google.com/app-protocols",
  "{\\\"80\\\": \\\"HTTPS\\\"}")),
  "Write a BackendTLSPolicy with the CA and the name of the backend's "
  "certificate, and the port's appProtocol, by hand." },
{ "convert/gce-backendconfig", DIAG_WARNING, NULL,
  "a BackendConfig setting is not converted",
  "A BackendConfig gives a Service port's backend service its settings. "
  "timeoutSec becomes the rules' timeouts.request, and custom request and "
  "response headers become header modifiers; a header value with a "
  "variable of the load balancer ({client_region}, {tls_version}, ...) "
  "cannot be, nor can sessionAffinity, connectionDraining, cdn, "
  "healthCheck and logging, which GKE Gateway sets in a GCPBackendPolicy "
  "or a HealthCheckPolicy. An annotation that is not valid JSON, or names "
  "no BackendConfig, gives the backend none.",
  CONVERT GCE("") GCE_SERVICE(G("cloud.google.com/backend-config",
  "{\\\"default\\\": \\\"bc\\\"}"))
  GCE_BC("  sessionAffinity: {affinityType: CLIENT_IP}\n"),
  "Write the GKE Gateway policy the message names, by hand." },
{ "convert/gce-backendconfig-missing", DIAG_WARNING, NULL,
  "the BackendConfig a Service names is not in the input",
  "The Service's cloud.google.com/backend-config names a BackendConfig "
  "that the input lacks, so what it sets is unknown: not its timeout nor "
  "its headers, and not whether it puts IAP or a Cloud Armor policy in "
  "front of the Service. Were it to, the converted paths are open to "
  "anyone.",
  CONVERT GCE("") GCE_SERVICE(G("cloud.google.com/backend-config",
  "{\\\"default\\\": \\\"bc\\\"}")),
  "Add the BackendConfig objects to the input (kubectl get "
  "backendconfigs -o yaml) and convert again." },
{ "convert/gce-certificate", DIAG_WARNING,
  "info for a host GKE answers over HTTPS without a tls entry of its own",
  "certificates of Google Cloud give the Gateway no HTTPS listener",
  "ingress.gcp.kubernetes.io/pre-shared-cert and networking.gke.io/"
  "managed-certificates name certificates that live in Google Cloud, not "
  "Secrets: the conversion makes HTTPS listeners from tls entries with a "
  "Secret only. GKE Gateway takes such certificates as listener "
  "tls.options (networking.gke.io/pre-shared-certs) or a certificate "
  "map. GKE's HTTPS proxy also answers the hosts no tls entry names (and "
  "the requests without host), with one of the Ingress's certificates; "
  "the Gateway has no HTTPS listener for them.",
  CONVERT GCE(G("networking.gke.io/managed-certificates", "web-cert")),
  "Add the HTTPS listeners with the certificates by hand, or issue a "
  "Secret for the host (cert-manager)." },
{ "convert/gce-default-backend", DIAG_INFO,
  "warning when a default backend of another Ingress answers",
  "spec.defaultBackend answers every unmatched request on the Gateway",
  "GKE makes spec.defaultBackend the URL map's default service: it "
  "answers every request of the Ingress's own load balancer that no path "
  "matches, whatever the host. It becomes the PathPrefix '/' rule of the "
  "Ingress's hosts and of a route without hostname; on a Gateway shared "
  "by several Ingresses that route also answers the unmatched requests "
  "of the other Ingresses' hosts, which got GKE's 404.",
  CONVERT GCE_ING("") "  defaultBackend: {service: {name: web, port: "
  "{number: 80}}}\n",
  "Nothing, if one Ingress holds the default; else give the Ingresses "
  "Gateways of their own (--gateway-name per class)." },
{ "convert/gce-duplicate-path", DIAG_WARNING, NULL,
  "GKE keeps the later of two equal paths of a host",
  "Of two equal URL-map paths of one host, GKE keeps the later one (and "
  "Prefix '/foo' makes '/foo' and '/foo/' plus a star, so it shares them "
  "with an Exact '/foo' after it); the earlier path is not served and is "
  "left out, where the Ingress specification would keep the first.",
  CONVERT GCE_ING("") RULES HOST("example.com") PATH_TO("/api", "Prefix",
  "v1") PATH_TO("/api", "Prefix", "v2"),
  "Remove the path that is not served." },
{ "convert/gce-frontendconfig", DIAG_WARNING,
  "info when the redirect has no HTTP to redirect",
  "a FrontendConfig setting is not converted",
  "A FrontendConfig's redirectToHttps becomes a route on the HTTP "
  "listener that redirects every request to HTTPS with its status code "
  "(MOVED_PERMANENTLY_DEFAULT 301, FOUND 302, SEE_OTHER 303, "
  "TEMPORARY_REDIRECT 307, PERMANENT_REDIRECT 308); an unknown code "
  "name is rejected by GKE and not converted. Its sslPolicy (TLS "
  "versions and ciphers) is not converted: GKE Gateway sets it in a "
  "GCPGatewayPolicy.",
  CONVERT GCE(G("networking.gke.io/v1beta1.FrontendConfig", "fc"))
  GCE_FC("  sslPolicy: modern\n"),
  "Write the GCPGatewayPolicy with the SSL policy by hand." },
{ "convert/gce-frontendconfig-missing", DIAG_WARNING, NULL,
  "the FrontendConfig an Ingress names is not in the input",
  "networking.gke.io/v1beta1.FrontendConfig names an object the input "
  "lacks, so its HTTPS redirect and SSL policy are unknown and not "
  "converted.",
  CONVERT GCE(G("networking.gke.io/v1beta1.FrontendConfig", "fc")),
  "Add the FrontendConfig objects to the input (kubectl get "
  "frontendconfigs -o yaml) and convert again." },
{ "convert/gce-glob", DIAG_WARNING, NULL,
  "GKE's '/foo/*' does not match '/foo'; PathPrefix '/foo' does",
  "An ImplementationSpecific path '/foo/' plus a star is a URL-map glob: "
  "it matches '/foo/' and what is below, not '/foo' itself, which goes "
  "to the default backend. It becomes PathPrefix '/foo', which matches "
  "'/foo' too.",
  CONVERT GCE_PATH("/api/*", "ImplementationSpecific"),
  "Add an Exact '/foo' path to the backend that should answer it, or "
  "accept the difference." },
{ "convert/gce-host-fallback", DIAG_WARNING, NULL,
  "the paths without host do not serve the hosts of other rules in GKE",
  "GKE's URL map sends a request of a host that has a rule to that "
  "rule's paths only, and what they do not match to the default backend "
  "(404 without one); the paths of the rule without host serve the other "
  "hosts alone. On the Gateway such requests also reach the paths of the "
  "route without hostname.",
  CONVERT GCE_ING("") RULES HOST("example.com") PATH_TO("/api", "Prefix",
  "api") ANY_HOST PATH_TO("/web", "Prefix", "web"),
  "Give the Ingress a defaultBackend, or repeat the paths under each "
  "host." },
{ "convert/gce-host-replaced", DIAG_WARNING, NULL,
  "a later rule of the same host replaces this one in GKE",
  "GKE's URL map has one host rule per host: of two Ingress rules with "
  "the same host, the later replaces the earlier whole, so the earlier "
  "rule's paths are not served. They are left out.",
  CONVERT GCE_ING("") RULES HOST("example.com") PATH_TO("/a", "Prefix",
  "a") HOST("example.com") PATH_TO("/b", "Prefix", "b"),
  "Merge the two rules into one." },
{ "convert/gce-invalid-path", DIAG_WARNING, NULL,
  "a path GKE's URL map rejects is left out",
  "URL-map paths start with '/' and have a star only as a final '/' plus "
  "star; Exact and Prefix paths have none and are not empty. GKE rejects "
  "a URL map with another path, and the Ingress's load balancer is not "
  "updated while it is there. The path is left out.",
  CONVERT GCE_PATH("/api*", "ImplementationSpecific"),
  "Write '/api/' plus a star, or a Prefix path." },
{ "convert/gce-not-converted", DIAG_INFO, NULL,
  "a GKE annotation that does not change routing is dropped",
  "networking.gke.io/suppress-firewall-xpn-error only changes how GKE "
  "reports the firewall rules of a Shared VPC; it is dropped.",
  CONVERT GCE(G("networking.gke.io/suppress-firewall-xpn-error", "true")),
  "Nothing." },
{ "convert/gce-shared-host", DIAG_INFO, NULL,
  "two GKE Ingresses with one host share the Gateway",
  "GKE gives each Ingress a load balancer and an address of its own, so "
  "two Ingresses with the same host never meet: DNS picks one. On the "
  "Gateway their routes share the host, and where both define a path the "
  "older route answers.",
  CONVERT GCE("") "---\n" ING("shop") ANNS G("kubernetes.io/ingress.class",
  "gce") "spec:\n" RULES HOST("example.com") PATH("/shop"),
  "Check that the host's requests go where they should; keep the "
  "Ingresses apart with --gateway-name if they must." },
{ "convert/gce-static-ip", DIAG_WARNING, NULL,
  "the reserved static address of the Ingress is not converted",
  "kubernetes.io/ingress.global-static-ip-name and regional-static-ip-"
  "name give the load balancer a reserved address. The Gateway gets a "
  "new one unless its spec.addresses names it (GKE Gateway: type "
  "NamedAddress and the address's name).",
  CONVERT GCE(G("kubernetes.io/ingress.global-static-ip-name", "web-ip")),
  "Set the Gateway's spec.addresses, and move DNS when the address "
  "changes." },
{ "convert/grpc-http-hostname", DIAG_WARNING, NULL,
  "a GRPCRoute and an HTTPRoute share a hostname and a listener",
  "backend-protocol GRPC turns the routes of one Ingress into "
  "GRPCRoutes; when another Ingress of the same host stays HTTP, the "
  "host gets both kinds of route on one listener. ingress-nginx served "
  "both, but Gateway API lets an implementation accept only the older "
  "of the two routes, so either the gRPC or the HTTP paths may stop "
  "working.",
  CONVERT ING("web") AGE("2024-01-01") SPEC("nginx") RULES
  HOST("app.example.com") PATH("/") "---\n" ING("rpc") AGE("2024-02-01")
  ANN("backend-protocol", "GRPC") SPEC("nginx") RULES
  HOST("app.example.com") PATH_TO("/orders.Orders", "Prefix", "orders"),
  "Give the gRPC services a hostname of their own if your Gateway "
  "accepts only one kind of route per hostname (its documentation, or "
  "the routes' Accepted condition, tells)." },
{ "convert/haproxy-annotation-ignored", DIAG_WARNING, NULL,
  "the HAProxy Ingress Controller does not read this key here",
  "The controller reads its global keys (timeouts of the client side, "
  "logging, maxconn, the TLS settings of its frontends) from its "
  "ConfigMap only, route-acl and cookie-persistence from the Service "
  "only, and the frontend keys of an Ingress not from a Service. Such "
  "a key has no effect where it is, and the conversion drops it.",
  CONVERT HAPROXY(ANNS H("timeout-client", "10s")),
  "Move the key to the object the controller reads it from, or remove "
  "it." },
{ "convert/haproxy-annotation-invalid", DIAG_WARNING, NULL,
  "the HAProxy Ingress Controller cannot use an annotation value",
  "The controller logs an error for a value it cannot parse (a boolean "
  "that is not one of Go's forms, a time without a known unit, an "
  "address list with a bad entry, a set-header line without a value) "
  "and skips the annotation: the rule it would add is not added. An "
  "allow-list with one bad address therefore restricts nothing. The "
  "conversion does the same, and says so here. The same key under two "
  "of the controller's prefixes is reported too: the controller keeps "
  "either value.",
  CONVERT HAPROXY(ANNS H("ssl-redirect", "yes")),
  "Write a value the controller accepts ('ing2gw annotations -p "
  "haproxy' lists them)." },
{ "convert/haproxy-annotation-unknown", DIAG_WARNING, NULL,
  "a haproxy.org key that the HAProxy Ingress Controller does not know",
  "The key is under the controller's prefixes (haproxy.org/, "
  "haproxy.com/) but is none of its annotations, so it has no effect; "
  "the nearest known key is named when it looks like a typo.",
  CONVERT HAPROXY(ANNS H("path-rewite", "/")),
  "Correct the key, or remove it." },
{ "convert/haproxy-backend-tls", DIAG_WARNING, NULL,
  "HAProxy spoke TLS or HTTP/2 to the backends; the Gateway speaks HTTP",
  "server-ssl made HAProxy connect to the backends with TLS (verifying "
  "them only with server-ca), server-proto h2 with HTTP/2. Gateway API "
  "speaks HTTP/1 in clear to a Service port unless a BackendTLSPolicy "
  "names the CA and the name to verify, and the port's appProtocol says "
  "kubernetes.io/h2c or kubernetes.io/h2. Neither can be written from "
  "the annotation alone.",
  CONVERT HAPROXY(ANNS H("server-ssl", "true")),
  "Write the BackendTLSPolicy, or set the Service port's appProtocol." },
{ "convert/haproxy-config-snippet", DIAG_ERROR, NULL,
  "backend-config-snippet holds raw HAProxy configuration",
  "The HAProxy Ingress Controller inserts the snippet into the backend "
  "section as written, and it often holds access control (http-request "
  "deny, ACLs on the source address, auth). Raw configuration has no "
  "Gateway API form and is not carried, so what it checked would be "
  "lost; convert fails (exit 1, nothing written) unless --force, and "
  "when the snippet looks like an access check, the paths answer 500.",
  CONVERT HAPROXY(ANNS H("backend-config-snippet", "http-request deny")),
  "Write what the snippet does with Gateway API filters or the "
  "implementation's policies, then convert with --force." },
{ "convert/haproxy-cors", DIAG_WARNING, NULL,
  "HAProxy matched CORS origins by regular expression",
  "cors-allow-origin is a regular expression that HAProxy matches "
  "against the request's Origin header, echoing it when it matches. The "
  "CORS filter of Gateway API lists origins (with '*' wildcards); the "
  "pattern is carried as written, which matches other origins.",
  CONVERT HAPROXY(ANNS H("cors-enable", "true")
  H("cors-allow-origin", "https://.*[.]example[.]com")),
  "List the allowed origins in the CORS filter." },
{ "convert/haproxy-default-backend", DIAG_INFO, NULL,
  "spec.defaultBackend is HAProxy's default backend for every host",
  "The controller makes spec.defaultBackend the frontends' default "
  "backend: every request that no host and path of any Ingress matches "
  "goes there, whatever its host. The conversion gives it a PathPrefix "
  "'/' rule without hostname, which takes only the requests of hosts no "
  "other route names: a request for a known host and an unknown path "
  "now gets 404.",
  CONVERT ING("web") SPEC("haproxy")
  "  defaultBackend: {service: {name: web, port: {number: 80}}}\n",
  "Add a PathPrefix '/' rule to the routes of the hosts that relied on "
  "it." },
{ "convert/haproxy-default-certificate", DIAG_INFO, NULL,
  "HAProxy answered HTTPS for a host without certificate",
  "The controller's HTTPS frontend answers every host, with its default "
  "certificate for the hosts no tls section names. The Gateway has "
  "HTTPS listeners only for the hosts of tls sections, so HTTPS "
  "requests for the others find no listener.",
  CONVERT HAPROXY(""),
  "Add a tls section with a real certificate if clients use HTTPS for "
  "the host." },
{ "convert/haproxy-duplicate-path", DIAG_WARNING, NULL,
  "two Ingresses give one host and path to different backends",
  "HAProxy's routing maps keep one row of a key: the first of the sorted "
  "rows, the one of the smaller backend name (namespace, Service and "
  "port). Gateway API gives the path to the older route. Which backend "
  "answers can change.",
  CONVERT ING("a") SPEC("haproxy") RULES HOST("example.com")
  PATH_TO("/", "Prefix", "web") "---\n" ING("b") SPEC("haproxy") RULES
  HOST("example.com") PATH_TO("/", "Prefix", "api"),
  "Give the path to one Ingress only." },
{ "convert/haproxy-header-expression", DIAG_WARNING, NULL,
  "a header value holds an HAProxy expression a header filter cannot say",
  "request-set-header and response-set-header take HAProxy log-format "
  "values: %[src], %[req.hdr(host)] and the like are computed per "
  "request. A Gateway API header filter sets fixed values, so such a "
  "header is left out.",
  CONVERT HAPROXY(ANNS H("request-set-header", "X-Client %[src]")),
  "Use the implementation's own header policy for computed values." },
{ "convert/haproxy-ingress-annotation-ignored", DIAG_WARNING, NULL,
  "HAProxy Ingress reads this key from its ConfigMap only",
  "Keys of the Global scope (ssl-redirect-code, timeout-client, "
  "path-type-order, strict-host, config-frontend...) come from the "
  "controller's ConfigMap; on an Ingress they have no effect, and the "
  "conversion drops them. A deprecated name written next to the current "
  "one is ignored too.",
  CONVERT HAPI(ANNS HI("ssl-redirect-code", "301")),
  "Move the key to the ConfigMap, or remove it." },
{ "convert/haproxy-ingress-annotation-invalid", DIAG_WARNING, NULL,
  "HAProxy Ingress cannot use an annotation value",
  "The controller logs a value it cannot parse (a boolean that is not one "
  "of Go's forms, an address list with a bad entry, a header line "
  "without ':') and skips the key: an allow list with one bad address "
  "restricts nothing. The conversion does the same and says so.",
  CONVERT HAPI(ANNS HI("ssl-redirect", "yes")),
  "Write a value the controller accepts ('ing2gw annotations -p "
  "haproxy-ingress' lists them)." },
{ "convert/haproxy-ingress-annotation-unknown", DIAG_WARNING, NULL,
  "a haproxy-ingress.github.io key that HAProxy Ingress does not know",
  "The key is under the controller's prefix but is none of its "
  "configuration keys, so it has no effect; the nearest known key is "
  "named when it looks like a typo.",
  CONVERT HAPI(ANNS HI("rewrite-targt", "/")),
  "Correct the key, or remove it." },
{ "convert/haproxy-ingress-backend-tls", DIAG_WARNING, NULL,
  "HAProxy Ingress spoke TLS or HTTP/2 to the backends",
  "backend-protocol h1-ssl, h2-ssl or secure-backends made HAProxy "
  "connect to the backends with TLS, h2 with HTTP/2. Gateway API speaks "
  "HTTP/1 in clear to a Service port unless a BackendTLSPolicy names "
  "the CA and the name to verify, and the port's appProtocol says "
  "kubernetes.io/h2c or kubernetes.io/h2.",
  CONVERT HAPI(ANNS HI("backend-protocol", "h1-ssl")),
  "Write the BackendTLSPolicy, or set the Service port's appProtocol." },
{ "convert/haproxy-ingress-class", DIAG_INFO, NULL,
  "the class 'haproxy' without an IngressClass: which controller",
  "'haproxy' is the default class of both HAProxy Ingress and the "
  "HAProxy Kubernetes Ingress Controller. With no IngressClass of that "
  "name in the input, an Ingress with haproxy-ingress.github.io/ keys is "
  "converted with HAProxy Ingress's semantics, and one with only "
  "ingress.kubernetes.io/ keys (which both read) with the other's.",
  CONVERT ING("web") ANNS HI("ssl-redirect", "false") SPEC("haproxy")
  RULES HOST("example.com") PATH("/"),
  "Name the controller with an IngressClass, or with --provider." },
{ "convert/haproxy-ingress-config-snippet", DIAG_ERROR, NULL,
  "config-backend holds raw HAProxy configuration",
  "HAProxy Ingress inserts the snippet into the backend as written, and "
  "it often holds access control (http-request deny, ACLs on the source "
  "address, auth). Raw configuration has no Gateway API form and is not "
  "carried, so what it checked would be lost; convert fails (exit 1, "
  "nothing written) unless --force, and when the snippet looks like an "
  "access check the paths answer 500.",
  CONVERT HAPI(ANNS HI("config-backend", "http-request deny")),
  "Write what the snippet does with Gateway API filters or the "
  "implementation's policies, then convert with --force." },
{ "convert/haproxy-ingress-cors", DIAG_WARNING, NULL,
  "HAProxy Ingress's CORS origin is not a plain list",
  "The CORS filter of Gateway API lists origins (with '*' wildcards); an "
  "origin written as a pattern is carried as near as it can be, which "
  "may match other origins.",
  CONVERT HAPI(ANNS HI("cors-enable", "true")
  HI("cors-allow-origin", "https://.*[.]example[.]com")),
  "List the allowed origins in the CORS filter." },
{ "convert/haproxy-ingress-default-backend", DIAG_INFO, NULL,
  "spec.defaultBackend is HAProxy Ingress's default backend",
  "The controller makes spec.defaultBackend the default backend of "
  "every host. The conversion gives it a PathPrefix '/' rule without "
  "hostname, which takes only the requests of hosts no other route "
  "names.",
  CONVERT HAPI_CLASS ING("web") SPEC("haproxy-ingress")
  "  defaultBackend: {service: {name: web, port: {number: 80}}}\n",
  "Add a PathPrefix '/' rule to the routes of the hosts that relied on "
  "it." },
{ "convert/haproxy-ingress-duplicate-path", DIAG_WARNING, NULL,
  "two Ingresses give one host and path to different backends",
  "HAProxy Ingress keeps the path of the older Ingress; Gateway API "
  "gives the path to the older route too, but the two orders can "
  "differ when the Ingresses were created in one second.",
  CONVERT HAPI_CLASS ING("a") SPEC("haproxy-ingress") RULES
  HOST("example.com") PATH_TO("/", "Prefix", "web") "---\n" ING("b")
  SPEC("haproxy-ingress") RULES HOST("example.com")
  PATH_TO("/", "Prefix", "api"),
  "Give the path to one Ingress only." },
{ "convert/haproxy-ingress-header-expression", DIAG_WARNING, NULL,
  "a header value holds an HAProxy expression a header filter cannot say",
  "headers, request-set-headers and response-set-headers take HAProxy "
  "log-format values: %[src] and the like are computed per request. A "
  "Gateway API header filter sets fixed values, so such a header is "
  "left out.",
  CONVERT HAPI(ANNS HI("request-set-headers", "x-client: %[src]")),
  "Use the implementation's own header policy for computed values." },
{ "convert/haproxy-ingress-not-converted", DIAG_WARNING, NULL,
  "a HAProxy Ingress key has no Gateway API form for this target",
  "The key changes what HAProxy does with the requests (the balance "
  "algorithm, a rate limit, HSTS, blue-green weights by Pod label, "
  "header matches...), and neither standard Gateway API nor the chosen "
  "target's objects express it. The routes are written without it.",
  CONVERT HAPI(ANNS HI("hsts-preload", "true")),
  "Configure the equivalent on the Gateway implementation (the message "
  "names it), or convert with a --target that claims the feature." },
{ "convert/haproxy-ingress-passthrough", DIAG_INFO,
  "warning for a rule without host",
  "ssl-passthrough sends TLS connections, undecrypted, to the backend",
  "With ssl-passthrough the controller routes the host's TLS connections "
  "by SNI to the backend without decrypting them. The conversion gives "
  "the host a Passthrough listener and a TLSRoute to the backend of its "
  "first path. A rule without host has no SNI to route by.",
  CONVERT HAPI(ANNS HI("ssl-passthrough", "true")),
  "Nothing to do; give the rule a host name if it has none." },
{ "convert/haproxy-ingress-path-regex", DIAG_WARNING, NULL,
  "path-type regex: a RegularExpression match",
  "With path-type regex HAProxy Ingress searches the path for the "
  "regular expression (unanchored unless the pattern says '^'). Gateway "
  "API's RegularExpression match is implementation-specific, and most "
  "implementations match the whole path.",
  CONVERT HAPI_CLASS ING("web") ANNS HI("path-type", "regex")
  SPEC("haproxy-ingress") RULES HOST("example.com")
  PATH_TO("^/api/v[0-9]+", "ImplementationSpecific", "web"),
  "Anchor the pattern at both ends and check the implementation's "
  "regex dialect." },
{ "convert/haproxy-ingress-prefix", DIAG_WARNING, NULL,
  "HAProxy Ingress matched an ImplementationSpecific path by characters",
  "path-type begin, the default for ImplementationSpecific paths, "
  "matches the path as a string prefix: '/p' takes '/pages' too. "
  "Gateway API's PathPrefix matches whole segments, so the longer words "
  "are no longer taken.",
  CONVERT HAPI_CLASS ING("web") SPEC("haproxy-ingress") RULES
  HOST("example.com") PATH_TO("/api", "ImplementationSpecific", "web"),
  "If clients rely on the character match, add the longer paths they "
  "use; set pathType Prefix to say what is meant." },
{ "convert/haproxy-ingress-rewrite-target", DIAG_WARNING, NULL,
  "rewrite-target on a regex path has no standard form",
  "rewrite-target replaces the part of the path the Ingress path "
  "matched. On a prefix or exact path that is ReplacePrefixMatch or "
  "ReplaceFullPath; on a regex path (path-type regex) no Gateway API "
  "rewrite replaces the matched part, so the path is routed without "
  "rewriting.",
  CONVERT HAPI_CLASS ING("web") ANNS HI("path-type", "regex")
  HI("rewrite-target", "/") SPEC("haproxy-ingress") RULES
  HOST("example.com") PATH_TO("^/api", "ImplementationSpecific", "web"),
  "Use prefix paths, or the implementation's regex rewrite." },
{ "convert/haproxy-ingress-ssl-redirect", DIAG_WARNING, NULL,
  "HAProxy Ingress redirected to HTTPS a host without an HTTPS listener",
  "ssl-redirect (on by default for hosts with a tls section) redirects "
  "HTTP requests to HTTPS. A host without a certificate in the input has "
  "no HTTPS listener on the Gateway, so there is nothing to redirect "
  "to: its routes keep serving HTTP.",
  CONVERT HAPI(ANNS HI("ssl-redirect", "true")),
  "Add the host to a tls section with its Secret." },
{ "convert/haproxy-ingress-tuning", DIAG_INFO, NULL,
  "a HAProxy Ingress key only tunes HAProxy; it is dropped",
  "Health checks, connection limits, server slots, agent checks and the "
  "like do not change which backend answers; they are dropped.",
  CONVERT HAPI(ANNS HI("maxconn-server", "100")),
  "Configure the equivalent on the Gateway implementation if needed." },
{ "convert/haproxy-not-converted", DIAG_WARNING, NULL,
  "an HAProxy annotation has no Gateway API form for this target",
  "The annotation changes what HAProxy does with the requests (the "
  "client address from a header, a rate limit, the balance algorithm, "
  "an ACL route, a custom annotation), and neither standard Gateway API "
  "nor the chosen target's objects express it. The routes are written "
  "without it.",
  CONVERT HAPROXY(ANNS H("src-ip-header", "X-Real-IP")),
  "Configure the equivalent on the Gateway implementation (the message "
  "names it), or convert with a --target that claims the feature." },
{ "convert/haproxy-passthrough", DIAG_INFO,
  "warning for a rule without host",
  "ssl-passthrough sends TLS connections, undecrypted, to the backend",
  "With ssl-passthrough (on the Ingress or its Service) the controller "
  "puts the host in its SNI map: TLS connections for it go to the "
  "backend without being decrypted, and the host's paths and HTTP rules "
  "apply to plain HTTP only. The conversion gives the host a "
  "Passthrough listener and a TLSRoute to the backend of its first "
  "path. A rule without host has no SNI to route by.",
  CONVERT HAPROXY(ANNS H("ssl-passthrough", "true")),
  "Nothing to do; give the rule a host name if it has none." },
{ "convert/haproxy-path-rewrite", DIAG_WARNING,
  "info when the rewrite is converted with a difference",
  "a path-rewrite has no URLRewrite form",
  "path-rewrite is HAProxy's replace-path: a regular expression searched "
  "in the path and the whole path replaced by the format with its "
  "\\1 captures. One field (a fixed path) becomes ReplaceFullPath, a "
  "literal prefix replaced ReplacePrefixMatch on the rules of that "
  "prefix; other expressions become the target's regex rewrite when it "
  "has one, and are otherwise not converted: the backend sees the "
  "original path.",
  CONVERT HAPROXY(ANNS H("path-rewrite", "(.*)/old(.*) \\\\1/new\\\\2")),
  "Rewrite with a prefix, or convert with a --target that rewrites by "
  "regex." },
{ "convert/haproxy-prefix", DIAG_WARNING, NULL,
  "HAProxy matched an ImplementationSpecific path by characters",
  "The controller stores an ImplementationSpecific path '/p' in its "
  "map_beg prefix map as '/p', so '/pages' and '/p-x' match it too; a "
  "Prefix path is stored as '/p/' and matches whole segments, as "
  "Gateway API's PathPrefix does. The conversion writes PathPrefix, "
  "which no longer takes the longer words.",
  CONVERT ING("web") SPEC("haproxy") RULES HOST("example.com")
  PATH_TO("/api", "ImplementationSpecific", "web"),
  "If clients rely on the character match, add the longer paths they "
  "use; set pathType Prefix to say what is meant." },
{ "convert/haproxy-ssl-redirect", DIAG_WARNING, NULL,
  "HAProxy redirected to HTTPS a host without an HTTPS listener",
  "ssl-redirect (on by default for an Ingress with a tls section) "
  "redirects the Ingress's HTTP requests to HTTPS, whatever their host. "
  "A host without a certificate in the input has no HTTPS listener on "
  "the Gateway, so there is nothing to redirect to: its routes keep "
  "serving HTTP.",
  CONVERT HAPROXY(ANNS H("ssl-redirect", "true")),
  "Add the host to a tls section with its Secret." },
{ "convert/haproxy-ssl-redirect-port", DIAG_INFO, NULL,
  "HAProxy's HTTPS redirect went to port 8443 by default",
  "ssl-redirect-port defaults to 8443 (the controller's HTTPS bind "
  "port), and the redirect's Location carried it. The Gateway's HTTPS "
  "listener is on 443, and the converted redirect goes there; an "
  "explicit port other than 443 is kept.",
  CONVERT ING("web") SPEC("haproxy") TLS("example.com", "web-tls") RULES
  HOST("example.com") PATH("/"),
  "Nothing to do if clients reach HTTPS on 443." },
{ "convert/haproxy-tuning", DIAG_INFO, NULL,
  "an HAProxy annotation only tunes HAProxy; it is dropped",
  "Health checks, connection limits, server slots, request captures and "
  "the like do not change which backend answers; they are dropped.",
  CONVERT HAPROXY(ANNS H("check", "false")),
  "Configure the equivalent on the Gateway implementation if needed." },
{ "convert/implementation-specific", DIAG_WARNING, NULL,
  "an ImplementationSpecific path is converted as a PathPrefix",
  "The meaning of pathType ImplementationSpecific (the default of the "
  "old API versions) belongs to the controller: a character prefix, an "
  "element-wise prefix, a regular expression... Without a provider for "
  "the controller, the path becomes a Gateway API PathPrefix (element-"
  "wise: '/guide' matches '/guide/intro' but not '/guides'), which may "
  "match other requests than the controller did. The ingress-nginx "
  "provider knows that ingress-nginx treats it as Prefix.",
  RUN("convert --provider none input.yaml") ING("docs") SPEC("nginx")
  RULES ANY_HOST PATH_TO("/guide", "ImplementationSpecific", "docs"),
  "Set pathType Prefix or Exact on the Ingress, as the controller "
  "really matched the path, and convert again." },
{ "convert/inference-pool", DIAG_INFO, NULL,
  "an Ingress resource backend that is an InferencePool becomes its backendRef",
  "An Ingress backend can be a resource instead of a Service. When it is "
  "an InferencePool of the Gateway API Inference Extension (group "
  "inference.networking.k8s.io), the route gets a backendRef of that "
  "group and kind, without a port: the pool's targetPorts are used and "
  "its endpoint picker chooses the pod. Only a Gateway that implements "
  "the Inference Extension routes to it. ingress-nginx ignores resource "
  "backends, so with its provider the paths stay left out.",
  RUN("convert --provider none input.yaml")
  "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n"
  "  name: llm\nspec:\n  rules:\n  - http:\n      paths:\n"
  "      - path: /v1\n        pathType: Prefix\n        backend:\n"
  "          resource:\n            apiGroup: inference.networking.k8s.io\n"
  "            kind: InferencePool\n            name: llm\n",
  "Check that the target implements the Inference Extension (lint "
  "reports what is known of it)." },
{ "convert/invalid-hostname", DIAG_ERROR, NULL,
  "a host is not a valid Gateway API hostname; its rules are left out",
  "Gateway API hostnames are lower-case DNS names, with an optional "
  "leading '*.' label and no port. A rule host that is not one cannot be "
  "put in a route, so its rules are left out; a TLS host that is not one "
  "gets no HTTPS listener. Such hosts often come from templates that "
  "were not rendered. replay counts the requests for these hosts as not "
  "comparable.",
  CONVERT NGINX_HOST("", "registry.<your domain>"),
  "Write the host as the DNS name clients use (lower case, no port), or "
  "render the template first." },
{ "convert/invalid-path", DIAG_ERROR, NULL,
  "a path is not a valid Gateway API path; it is left out",
  "Exact and PathPrefix values must be clean absolute paths: a leading "
  "'/', no '//', '/./', '/../', '%2f' or '#', only the characters RFC "
  "3986 allows in a path. A path that is not, often a regular expression "
  "meant for the controller, is left out with its backend. With the "
  "ingress-nginx provider, the paths of a host in regex mode become "
  "RegularExpression matches instead (see convert/nginx-regex-host).",
  RUN("convert --provider none input.yaml") ING("api") SPEC("nginx")
  RULES ANY_HOST PATH_TO("/api/(v1|v2)", "ImplementationSpecific", "api"),
  "If the path is a regular expression of ingress-nginx, give the "
  "Ingress use-regex: \"true\" and convert with its provider; otherwise "
  "write the path without those characters." },
{ "convert/istio", DIAG_WARNING,
  "info when the Istio object does what nginx did",
  "an annotation becomes an Istio AuthorizationPolicy or DestinationRule",
  "With --target istio, client address ranges and external auth become "
  "AuthorizationPolicies on the Gateway (targetRefs), scoped to the "
  "Ingress's hosts and paths; load balancing, affinity and the connect "
  "timeout become a DestinationRule per Service for the Gateway's pods; "
  "the read and send timeouts become timeouts.backendRequest. Each one "
  "is reported with what Istio does differently from nginx. External "
  "auth needs an extension provider in Istio's mesh config, which a "
  "note spells out.",
  RUN("convert --target istio input.yaml")
  NGINX(ANN("affinity", "cookie")),
  "Read the difference the message names, and adjust the generated "
  "object where it matters for your traffic." },
{ "convert/istio-default-backend", DIAG_WARNING, NULL,
  "Istio ignores spec.defaultBackend; it is not converted",
  "istiod converts the rules of an Ingress into VirtualServices and "
  "ignores its default backend (\"Ignore default wildcard ingress\"), so "
  "no request reaches it; the conversion leaves it out too.",
  CONVERT ISTIO_ING
  "  defaultBackend: {service: {name: web, port: {number: 80}}}\n",
  "Add a rule with path '/' if the backend should serve." },
{ "convert/istio-host-fallback", DIAG_WARNING, NULL,
  "Istio serves a rule without host only to hosts no rule names",
  "istiod makes one VirtualService per host, and the '*' one of the "
  "rules without host; Envoy picks the virtual host by the request's "
  "host first, so a named host answers 404 for a path none of its rules "
  "match. On the Gateway the route without hostname also serves the "
  "unmatched paths of the named hosts.",
  CONVERT ISTIO_ING RULES HOST("example.com") PATH("/api") ANY_HOST
  PATH("/"),
  "Accept the wider fallback, or give the rule a host." },
{ "convert/istio-path", DIAG_WARNING, "info for a prefix or catch-all",
  "Istio matches an ImplementationSpecific path exactly",
  "istiod converts an ImplementationSpecific (or untyped) path with its "
  "fallback: an exact match, unless it ends in '/*' or '.*' (an "
  "element-wise prefix of the rest) or is empty, '*', '/*' or '.*' (no "
  "match: every path, after all the others). The output says the same "
  "with Exact and PathPrefix matches.",
  CONVERT ISTIO_PATH("/api", "ImplementationSpecific"),
  "Set pathType Exact or Prefix to say which was meant." },
{ "convert/istio-route-order", DIAG_WARNING, NULL,
  "istiod puts a Prefix path with a last '/' before the path without it",
  "istiod sorts the routes of a host by the length of the path as "
  "written, Exact first only at equal length, and matches a prefix "
  "element-wise without its last '/'. So Prefix '/a/' comes before Exact "
  "'/a' and Prefix '/a', and takes their requests. Gateway API puts "
  "Exact first and ranks '/a/' and '/a' alike, so the other path keeps "
  "them.",
  CONVERT ISTIO_ING RULES HOST("example.com") PATH_TO("/a", "Exact", "web")
  PATH_TO("/a/", "Prefix", "api"),
  "Remove one of the two paths, or send both to one Service." },
{ "convert/istio-tls-secret", DIAG_WARNING, NULL,
  "Istio reads TLS Secrets from its ingress gateway's namespace",
  "istiod gives the secretName of spec.tls to its Gateway as "
  "credentialName, which the ingress gateway reads from its own "
  "namespace (istio-system), not from the Ingress's. The HTTPS listener "
  "refers to the Secret in the Ingress's namespace, as Gateway API "
  "does: that Secret may not exist, or hold another certificate.",
  CONVERT ING_NS("web", "shop") "  annotations:\n"
  "    kubernetes.io/ingress.class: istio\nspec:\n"
  TLS("example.com", "web-tls") RULES HOST("example.com") PATH("/"),
  "Copy the Secret into the Ingress's namespace, or change the "
  "listener's certificateRefs to the one in istio-system (with a "
  "ReferenceGrant there)." },
{ "convert/kgateway", DIAG_WARNING,
  "info when the kgateway object does what nginx did",
  "an annotation becomes a kgateway TrafficPolicy or BackendConfigPolicy",
  "With --target kgateway, implementation-specific annotations become "
  "kgateway objects: a TrafficPolicy on the generated routes (idle "
  "timeout, retries, local rate limit, body size, client address ACL, "
  "basic auth, external auth through a GatewayExtension), a "
  "BackendConfigPolicy on the Services (connect timeout, load balancing, "
  "affinity), and a TrafficPolicy the rules refer to by ExtensionRef for "
  "a rewrite with captures. Each one is reported with what kgateway "
  "does differently from nginx, or why the annotation could not be "
  "converted.",
  RUN("convert --target kgateway input.yaml")
  NGINX(ANN("limit-rps", "20")),
  "Read the difference the message names, and adjust the generated "
  "object where it matters for your traffic." },
{ "convert/kong", DIAG_WARNING,
  "info when the Kong plugin does what nginx did",
  "an annotation becomes a KongPlugin or KongUpstreamPolicy",
  "With --target kong, implementation-specific annotations (client "
  "address ranges, basic auth, rate limits, body size, CORS) become "
  "KongPlugins attached to the generated routes by their annotation "
  "konghq.com/plugins, and load balancing a KongUpstreamPolicy. Each one "
  "is reported with what Kong does differently from nginx, or why the "
  "annotation could not be converted.",
  RUN("convert --target kong input.yaml")
  NGINX(ANN("limit-rps", "20")),
  "Read the difference the message names, and adjust the generated "
  "object where it matters for your traffic." },
{ "convert/kong-annotation-ignored", DIAG_WARNING, NULL,
  "KIC does not read a konghq.com key here",
  "KIC reads the route keys (strip-path, protocols, methods, headers.*, "
  "...) from the Ingress and the service keys (path, protocol, "
  "host-header, timeouts, retries, upstream-policy, ...) from the "
  "Kubernetes Service a path names; each is ignored on the other object. "
  "konghq.com/override names a KongIngress, whose proxy and route "
  "sections KIC 3 no longer applies; gatewayclass-unmanaged and "
  "publish-service belong to Gateway API objects. Nothing is converted "
  "from them, since KIC does nothing with them.",
  CONVERT KONG(ANNS KG("connect-timeout", "5000")),
  "Move the key to the object KIC reads it from (the Service, for the "
  "service keys), or remove it." },
{ "convert/kong-annotation-invalid", DIAG_WARNING, NULL,
  "KIC cannot use an annotation value and keeps the default",
  "KIC checks each value as it applies it: strip-path and preserve-host "
  "take true or false, https-redirect-status-code 426, 301, 302, 307 or "
  "308, methods upper-case words, protocols Kong's protocol names, "
  "integers Go's Atoi. On anything else it logs an error and keeps the "
  "default, and the conversion does the same.",
  CONVERT KONG(ANNS KG("strip-path", "yes")),
  "Write a value KIC accepts ('ing2gw annotations -p kong' lists the "
  "kinds), and convert again." },
{ "convert/kong-annotation-unknown", DIAG_WARNING, NULL,
  "a konghq.com key that KIC does not know",
  "The key is under KIC's prefix but is none of its annotations, so it "
  "has no effect. The message suggests the closest known key; KIC "
  "matches keys as written.",
  CONVERT KONG(ANNS KG("strip-paths", "true")),
  "Fix the key's spelling, or remove it." },
{ "convert/kong-backend-protocol", DIAG_WARNING, NULL,
  "Kong spoke TLS or gRPC to the backends; the Gateway speaks HTTP",
  "konghq.com/protocol on the Service made Kong speak https, grpc or "
  "grpcs to its endpoints. A Gateway speaks plain HTTP/1 to a Service "
  "unless a BackendTLSPolicy (the CA and the name to verify) or the "
  "Service port's appProtocol says otherwise; the conversion writes "
  "neither.",
  CONVERT TK_SERVICE("web", ANNS KG("protocol", "https")) "---\n"
  KONG(""),
  "Write a BackendTLSPolicy for the Service with its CA and hostname, or "
  "set the port's appProtocol." },
{ "convert/kong-default-backend", DIAG_WARNING, NULL,
  "KIC keeps one default backend for the whole estate",
  "KIC makes one Kong route, of the lowest priority, for the "
  "spec.defaultBackend of the oldest Ingress that has one; the default "
  "backends of the other Ingresses are not served, and are not "
  "converted.",
  CONVERT ING("a") AGE("2024-01-01") SPEC("kong") "  defaultBackend: "
  "{service: {name: a, port: {number: 80}}}\n---\n" ING("b")
  AGE("2024-02-01") SPEC("kong") "  defaultBackend: {service: {name: b, "
  "port: {number: 80}}}\n",
  "Keep one defaultBackend in the estate, or give the routes a host." },
{ "convert/kong-default-certificate", DIAG_INFO, NULL,
  "Kong answered HTTPS with its default certificate for this host",
  "Kong serves every route on its TLS port too, with the certificate of "
  "a tls section that names the host, else its default certificate. "
  "The Gateway has HTTPS listeners only for the hosts of tls sections "
  "with a Secret, so HTTPS requests for a host without one find no "
  "listener.",
  CONVERT KONG(""),
  "Add a tls section with the host's certificate if clients use HTTPS "
  "for it." },
{ "convert/kong-https-only", DIAG_WARNING, NULL,
  "HTTPS-only routes without a certificate in the input",
  "konghq.com/protocols https (or ingress.kubernetes.io/force-ssl-"
  "redirect) makes Kong's routes answer HTTPS only, which Kong serves "
  "with its default certificate when no tls section names the host. The "
  "Gateway has HTTPS listeners only for the hosts of tls sections with a "
  "Secret, so these paths have nowhere to attach and are left out.",
  CONVERT KONG(ANNS KG("protocols", "https")),
  "Add a tls section with the host's certificate, and convert again." },
{ "convert/kong-https-redirect", DIAG_WARNING, NULL,
  "Kong answered plain HTTP with 426 Upgrade Required",
  "On routes that take HTTPS only, Kong answers a plain HTTP request "
  "with https-redirect-status-code, 426 by default: no redirect, an "
  "error. Gateway API has no such answer: the converted routes are on "
  "the HTTPS listeners only, and plain HTTP requests get 404. With 301, "
  "302, 307 or 308 the conversion writes a RequestRedirect on the HTTP "
  "listener instead.",
  CONVERT ING("web") ANNS KG("protocols", "https") SPEC("kong")
  TLS("example.com", "web-tls") RULES HOST("example.com") PATH("/"),
  "Nothing, if clients use HTTPS; set konghq.com/https-redirect-status-"
  "code to 301 or 308 for a redirect." },
{ "convert/kong-not-converted", DIAG_WARNING, NULL,
  "a KIC annotation has no standard Gateway API equivalent here",
  "The annotation is in effect in Kong, but the conversion does not "
  "carry it: snis, path-handling, konghq.com/headers.* keys whose "
  "values make more than 16 combinations, the Service's timeouts and "
  "retries for a target without a "
  "policy for them, its client-cert, TLS verification and "
  "upstream-policy. The message names the nearest setting.",
  CONVERT KONG(ANNS KG("snis", "example.com")),
  "Add the equivalent by hand (the implementation's policy), or accept "
  "the difference." },
{ "convert/kong-path-regex", DIAG_WARNING, NULL,
  "a Kong regex path, or a path KIC writes into a regex unescaped",
  "An ImplementationSpecific path starting with konghq.com/regex-prefix "
  "('/~' by default) is a Kong regex path: a PCRE anchored at the start "
  "of the path only; it becomes a RegularExpression match on the whole "
  "path, whose syntax and support belong to the implementation. KIC "
  "also writes Exact and Prefix paths as regexes ('~/p$') without "
  "escaping them, so a '.' in such a path matched any character in "
  "Kong; the Gateway API match takes it literally.",
  CONVERT ING("web") SPEC("kong") RULES HOST("example.com")
  PATH_TO("/~/v[0-9]+/items", "ImplementationSpecific", "web"),
  "Check the expression against the implementation's regex syntax." },
{ "convert/kong-plugin", DIAG_WARNING, NULL,
  "a KongPlugin is not carried over",
  "konghq.com/plugins runs KongPlugins on the Ingress's routes (or on "
  "the Service). With a target other than kong they are not carried "
  "over: the routes skip them. One that checks who may pass (key-auth, "
  "basic-auth, jwt, acl, ip-restriction, oauth2, openid-connect, "
  "hmac-auth, ldap-auth, mtls-auth, bot-detection ...) is an error "
  "instead (convert/access-control), and the routes answer 500 with "
  "--force. A plugin that is not in the input may be one of those: add "
  "the KongPlugin objects to the input.",
  CONVERT KONG(ANNS KG("plugins", "add-header")),
  "Convert with --target kong to keep the plugins, or write the "
  "implementation's equivalent." },
{ "convert/kong-prefix", DIAG_INFO, NULL,
  "Kong's plain paths match characters, Gateway API's PathPrefix segments",
  "KIC passes an ImplementationSpecific path to Kong as written, a plain "
  "path that matches every request path starting with those characters "
  "('/api' matches '/apix'); Gateway API's PathPrefix matches whole "
  "segments. Prefix paths are exact in both: KIC writes them as '/p/' "
  "and '~/p$'.",
  CONVERT ING("web") SPEC("kong") RULES HOST("example.com")
  PATH_TO("/api", "ImplementationSpecific", "web"),
  "Nothing, unless clients rely on character prefixes: then add those "
  "paths." },
{ "convert/kong-preserve-host", DIAG_WARNING, NULL,
  "Kong sent the Kong service's host to the upstream",
  "With konghq.com/preserve-host false, Kong sends the upstream the "
  "host of its Kong service (the Service's cluster name) as Host. "
  "Gateway API keeps the client's Host; a URLRewrite hostname, or "
  "konghq.com/host-header on the Service, sets a fixed one.",
  CONVERT KONG(ANNS KG("preserve-host", "false")),
  "Add a URLRewrite filter with the hostname the backend expects, if it "
  "checks Host." },
{ "convert/kong-priority", DIAG_WARNING, NULL,
  "Kong and Gateway API may pick another route for some request",
  "Kong's router (traditional_compatible) orders routes by the number of "
  "their fields (hosts, headers, methods, paths), plain hosts, the "
  "number of headers, regex paths before plain ones, regex-priority, "
  "then the length of the plain path. Gateway API orders matches by "
  "hostname, path type and length, and two RegularExpression matches as "
  "the implementation chooses: konghq.com/regex-priority has no "
  "equivalent.",
  CONVERT KONG(ANNS KG("regex-priority", "10")),
  "Check the requests the message names; make the paths disjoint where "
  "the order matters." },
{ "convert/kong-rewrite", DIAG_WARNING, NULL,
  "konghq.com/rewrite needs a KIC feature gate, or takes captures",
  "KIC applies konghq.com/rewrite only with --feature-gates "
  "RewriteURIs=true; without it, it drops the Kong service of the paths "
  "(a translation failure). The conversion assumes the gate is on: "
  "without captures the rewrite is a URLRewrite ReplaceFullPath; with "
  "$1.. captures of a regex path, which standard Gateway API cannot "
  "rewrite with, the path is not rewritten.",
  CONVERT KONG(ANNS KG("rewrite", "/new")),
  "Check that the controller had the feature gate on; rewrite with "
  "captures by the implementation's own mechanism." },
{ "convert/kong-service-annotation", DIAG_WARNING, NULL,
  "Kong reads the setting from the Service: annotate it",
  "Kong takes timeouts, retries and the KongUpstreamPolicy from "
  "annotations of the backend Service (konghq.com/connect-timeout, "
  "read-timeout, write-timeout, retries, upstream-policy), not from the "
  "route. ing2gw never changes the input's Services, so the setting "
  "does nothing until the Service is annotated; the annotation applies "
  "to every route to the Service, from any Ingress.",
  RUN("convert --target kong input.yaml")
  NGINX(ANN("proxy-read-timeout", "300")),
  "Run the kubectl command the message gives (or add the annotations "
  "to the Service's manifest); where two Ingresses ask for different "
  "values on one Service, choose one." },
{ "convert/kong-strip-path", DIAG_WARNING, NULL,
  "strip-path or the Service's path on a regex path",
  "konghq.com/strip-path removes what the route's path matched from the "
  "upstream path, and the Service's konghq.com/path is put before it. "
  "The conversion writes them as URLRewrite ReplacePrefixMatch (Prefix "
  "and ImplementationSpecific paths) or ReplaceFullPath (Exact); a regex "
  "path's match cannot be replaced by Gateway API, so its upstream path "
  "stays the request's.",
  CONVERT ING("web") ANNS KG("strip-path", "true") SPEC("kong") RULES
  HOST("example.com") PATH_TO("/~/v[0-9]+", "ImplementationSpecific",
  "web"),
  "Rewrite those paths by the implementation's own mechanism, or use a "
  "Prefix path." },
{ "convert/kong-tuning", DIAG_INFO, NULL,
  "a KIC annotation only tunes Kong; it is dropped",
  "request-buffering, response-buffering and tags change how Kong "
  "buffers bodies or labels its entities, not which backend answers.",
  CONVERT KONG(ANNS KG("request-buffering", "false")),
  "Nothing; the implementation's own settings apply." },
{ "convert/list-limit", DIAG_WARNING, NULL,
  "a list is longer than its Gateway API field may be: the rest is left out",
  "The Gateway API CRDs bound the lists of a route: a CORS filter holds "
  "at most 64 origins, 9 methods, 64 allowed and 64 exposed headers, and "
  "a header modifier sets at most 16 headers. When an annotation (or "
  "the ConfigMap of custom-headers) lists more, the first ones are "
  "written and the others are left out, at the annotation's line; "
  "repeated entries count once. Leaving them out narrows what the route "
  "does (fewer origins, methods or headers), it never lets more through. "
  "When custom-headers fills the 16 headers of a host with a "
  "certificate, the Strict-Transport-Security header ingress-nginx "
  "added is not set either.",
  CONVERT CONFIGMAP("default", "many-headers")
  "  X-A: a\n  X-B: b\n  X-C: c\n  X-D: d\n  X-E: e\n  X-F: f\n"
  "  X-G: g\n  X-H: h\n  X-I: i\n  X-J: j\n  X-K: k\n  X-L: l\n"
  "  X-M: m\n  X-N: n\n  X-O: o\n  X-P: p\n  X-Q: q\n---\n"
  NGINX(ANN("custom-headers", "default/many-headers")),
  "Use fewer entries: a wildcard origin ('https://*.example.com') for "
  "many hosts of one domain, '*' for methods or headers; set the other "
  "response headers in the backend; or use the implementation's own "
  "policy for them." },
{ "convert/listener-limit", DIAG_WARNING, NULL,
  "more than 63 TLS hosts: the listeners are spread over several Gateways",
  "A Gateway has at most 64 listeners: the HTTP one and 63 HTTPS "
  "listeners, one per TLS host. The hosts beyond go to further Gateways "
  "named NAME-2, NAME-3..., each with its own HTTP listener, and the "
  "routes of those hosts attach to them. Each Gateway usually gets an "
  "address of its own from the implementation (see "
  "convert/many-addresses).",
  CONVERT ING("tenants") SPEC("nginx") TLS(H64, "tenants-tls")
  RULES ANY_HOST PATH("/"),
  "Point the DNS names of the moved hosts at the address of their "
  "Gateway, or use a wildcard certificate (one listener for "
  "'*.example.com') to stay within one Gateway." },
{ "convert/listenerset-client-cert", DIAG_INFO, NULL,
  "client certificates are validated on the listeners of the ListenerSets",
  "With --layout listenerset the HTTPS listeners are in ListenerSets, "
  "which have no tls.frontend of their own. Gateway API v1.6 applies the "
  "Gateway's spec.tls.frontend to every listener handling HTTPS on the "
  "port, and a Gateway counts as having the merged list of its own and "
  "its ListenerSets' listeners, so the client certificate validation of "
  "the Gateway covers them. The conformance tests of client certificate "
  "validation use Gateway listeners only.",
  LISTENERSET NGINX_HOST(ANN("auth-tls-secret", "default/client-ca"),
  "example.com") TLS("example.com", "web-tls"),
  "Check that your implementation validates client certificates on "
  "ListenerSet listeners, or keep the hosts that need them in --layout "
  "shared." },
{ "convert/listenerset-cross-namespace", DIAG_INFO, NULL,
  "a route attaches to a ListenerSet of another namespace",
  "With --layout listenerset each HTTPS listener is in the ListenerSet of "
  "its certificate's namespace, where the ListenerSet reads the Secret "
  "without a ReferenceGrant (a Secret of another namespace would need a "
  "ReferenceGrant from the ListenerSet). Routes of other namespaces for "
  "the same host, which ingress-nginx merged into the host, attach to "
  "that listener across namespaces: a parentRef needs no ReferenceGrant, "
  "and the listener's allowedRoutes admits those namespaces by name.",
  LISTENERSET ING_NS("shop", "shop") SPEC("nginx")
  TLS("example.com", "shop-tls") RULES HOST("example.com") PATH("/")
  "---\n" ING_NS("blog", "blog") SPEC("nginx") RULES HOST("example.com")
  PATH("/blog"),
  "Nothing; move the Ingresses of a host into one namespace to keep its "
  "routes beside its listener." },
{ "convert/listenerset-route-copies", DIAG_INFO, NULL,
  "a route attaches to more ListenerSets than its parentRefs can name",
  "A route names at most 32 parents. A route without a listener of its "
  "own (no hostname, a wildcard hostname, or HTTP and HTTPS alike) "
  "attaches to the Gateway and to every ListenerSet with an HTTPS "
  "listener that its hostnames intersect; past 31 ListenerSets the route "
  "is written again, with the same rules, as NAME-listeners-2, ... for "
  "the others. The copies serve disjoint listeners, so they never "
  "compete.",
  LISTENERSET ING("fallback") SPEC("nginx") RULES ANY_HOST PATH("/")
  TLS_IN8("a") TLS_IN8("b") TLS_IN8("c") TLS_IN8("d"),
  "Nothing." },
{ "convert/listenerset-split", DIAG_INFO, NULL,
  "more than 64 TLS hosts in a namespace: several ListenerSets",
  "A ListenerSet holds at most 64 listeners. With --layout listenerset "
  "the HTTPS listeners of a namespace beyond 64 go to further "
  "ListenerSets named NAME-2, NAME-3..., in the order of their Ingresses "
  "(ingress-nginx's order: oldest first), so hosts added later join the "
  "last ListenerSet and the others keep theirs. They all attach to the "
  "one Gateway and share its address.",
  LISTENERSET ING("tenants") SPEC("nginx") TLS(H64 ", z.example.com",
  "tenants-tls") RULES ANY_HOST PATH("/"),
  "Nothing." },
{ "convert/many-addresses", DIAG_WARNING, NULL,
  "the listeners need several Gateways: several addresses for the estate",
  "ingress-nginx serves every host behind one address. Past 64 listeners "
  "the conversion spreads the HTTPS hosts over further Gateways (see "
  "convert/listener-limit), and an implementation gives each Gateway an "
  "address of its own: each host moved to another Gateway needs its DNS "
  "name changed. The warning counts the Gateways of the output. With "
  "--layout listenerset, one Gateway per class keeps the address and the "
  "HTTPS listeners go to ListenerSets (one per namespace, standard since "
  "Gateway API v1.5).",
  CONVERT ING("tenants") SPEC("nginx") TLS(H64, "tenants-tls")
  RULES ANY_HOST PATH("/"),
  "Convert with --layout listenerset if your implementation supports "
  "ListenerSet; else point the moved hosts' DNS names at their Gateway's "
  "address, or use a wildcard certificate to need fewer listeners." },
{ "convert/nginx-alias", DIAG_WARNING, NULL,
  "server-alias: the alias gets a copy of the host's routes",
  "ingress-nginx served the names of server-alias from the host's own "
  "server block: same paths, same certificate. The conversion gives each "
  "alias a copy of the host's routes; over HTTPS it needs a listener "
  "whose certificate covers the alias, which the Ingress does not say. "
  "An alias that is not a valid hostname, or that is a host of its own "
  "(ingress-nginx drops it), is left out.",
  CONVERT NGINX_HOST(ANN("server-alias", "www.example.com"),
  "example.com"),
  "Add the alias to a tls section, or to the certificate of the host, if "
  "clients reach it over HTTPS." },
{ "convert/nginx-app-root", DIAG_WARNING, NULL,
  "app-root becomes an Exact '/' rule that answers 302, keeping the query",
  "ingress-nginx answered a request for '/' of the host with a 302 "
  "redirect to the app-root path ('return 302 "
  "$scheme://$http_host<app-root>' in nginx.tmpl). The conversion adds an "
  "Exact '/' rule with a RequestRedirect (302, ReplaceFullPath). nginx's "
  "return dropped the query string of the request; a RequestRedirect "
  "keeps it.",
  CONVERT NGINX_HOST(ANN("app-root", "/app"), "example.com"),
  "Nothing, unless clients rely on the query string being dropped." },
{ "convert/nginx-auto-redirect", DIAG_INFO, NULL,
  "a Prefix path ending in '/' gets an Exact rule redirecting to it",
  "For a Prefix path such as '/docs/', nginx answered a request for "
  "'/docs' with a 301 redirect to '/docs/'. A PathPrefix '/docs/' would "
  "serve '/docs' itself, so the conversion adds an Exact '/docs' rule "
  "that redirects with 301, as nginx did.",
  CONVERT ING("web") SPEC("nginx") RULES ANY_HOST PATH("/docs/"),
  "Nothing; remove the rule if the backend should answer '/docs' "
  "itself." },
{ "convert/nginx-backend-protocol", DIAG_WARNING, NULL,
  "backend-protocol HTTPS, AUTO_HTTP or FCGI is not carried over",
  "ingress-nginx spoke TLS (HTTPS), the scheme of the client's request "
  "(AUTO_HTTP) or FastCGI (FCGI) to the backends. Gateway API routes "
  "speak HTTP/1.1 or h2c, as the Service port's appProtocol says; TLS to "
  "a backend needs a BackendTLSPolicy, which the conversion writes only "
  "from proxy-ssl-secret with proxy-ssl-verify on. FastCGI has no "
  "equivalent.",
  CONVERT NGINX(ANN("backend-protocol", "HTTPS")),
  "Add a BackendTLSPolicy for the Service (the backends' CA in a "
  "ConfigMap, the name in their certificate); FastCGI backends need an "
  "HTTP server in front." },
{ "convert/nginx-backend-tls", DIAG_WARNING,
  "info for a setting that had no effect in ingress-nginx",
  "proxy-ssl-*: TLS to the backends becomes a BackendTLSPolicy, or nothing",
  "With backend-protocol HTTPS or GRPCS and proxy-ssl-verify on, "
  "proxy-ssl-secret becomes a BackendTLSPolicy, which reads the CA from "
  "a ConfigMap (key ca.crt) where nginx read a Secret, and always sends "
  "and verifies the hostname. When nginx did not verify the backends "
  "(proxy-ssl-verify off, the default), no policy is generated, since a "
  "BackendTLSPolicy always verifies: the routes then speak plain HTTP to "
  "a TLS port.",
  CONVERT NGINX(ANNS A("backend-protocol", "HTTPS")
  A("proxy-ssl-secret", "default/backend-ca")),
  "Create the ConfigMap the message names from the Secret's ca.crt; "
  "where nginx did not verify, add a BackendTLSPolicy with the backends' "
  "CA, or use an implementation's setting that skips verification." },
{ "convert/nginx-canary", DIAG_INFO,
  "warning for canary-by-cookie and canary-by-header-pattern, which "
  "become regular expressions",
  "a canary Ingress is merged into the rules of its primary Service",
  "ingress-nginx hangs a canary on the upstream of its primary Service, "
  "so every path of any Ingress that proxies to that Service and port is "
  "split, by header, then cookie, then weight. The conversion adds the "
  "canary's backend and header matches to each such rule. A cookie or a "
  "header pattern becomes a RegularExpression header match, whose "
  "dialect is implementation-specific.",
  CONVERT NGINX("") "---\n" ING("web-canary") ANNS A("canary", "true")
  A("canary-weight", "10") SPEC("nginx") RULES ANY_HOST
  PATH_TO("/", "Prefix", "web-v2"),
  "Nothing for weights and header values; for cookies and patterns, "
  "check that the Gateway's regular expressions match as nginx's did." },
{ "convert/nginx-canary-annotation", DIAG_INFO, NULL,
  "an annotation of a canary Ingress has no effect",
  "ingress-nginx applies the primary Ingress's settings (rewrites, "
  "redirects, auth, CORS...) to the canary's traffic too, and ignores "
  "the other annotations of a canary Ingress, except its canary keys "
  "and load balancing. The conversion ignores them as well.",
  CONVERT NGINX("") "---\n" ING("web-canary") ANNS A("canary", "true")
  A("canary-weight", "10") A("proxy-body-size", "8m") SPEC("nginx")
  RULES ANY_HOST PATH_TO("/", "Prefix", "web-v2"),
  "Move the setting to the primary Ingress if it should apply, or remove "
  "it." },
{ "convert/nginx-canary-ignored", DIAG_WARNING, NULL,
  "a canary path has no primary; nothing is generated for it",
  "A canary path joins the location of the same host, path and pathType "
  "that a non-canary Ingress serves. When no Ingress serves it, "
  "ingress-nginx ignores the canary path. When the primary is in another "
  "namespace, the conversion leaves the canary out: its backendRef would "
  "need a ReferenceGrant.",
  CONVERT NGINX("") "---\n" ING("web-canary") ANNS A("canary", "true")
  A("canary-weight", "50") SPEC("nginx") RULES ANY_HOST
  PATH_TO("/other", "Prefix", "web-v2"),
  "Give the canary the host, path and pathType of its primary Ingress, "
  "in the same namespace." },
{ "convert/nginx-client-cert", DIAG_WARNING,
  "info when auth-tls-verify-client is off",
  "auth-tls-*: client certificates are checked per host in nginx, per port",
  "ingress-nginx asked for client certificates per host (auth-tls-"
  "secret). Gateway API checks them per Gateway and port "
  "(spec.tls.frontend), so the validation is written only when every "
  "HTTPS host of the Gateway asks for the same CA and mode; otherwise, "
  "or when the host has no certificate of its own, nothing checks client "
  "certificates and requests without one reach the backend. The CA "
  "moves from a Secret to a ConfigMap, and the ssl-client-* headers are "
  "no longer sent.",
  CONVERT NGINX_HOST(ANN("auth-tls-secret", "default/client-ca"),
  "example.com"),
  "Give the hosts that need client certificates a Gateway of their own "
  "with spec.tls.frontend.default.validation (with Envoy Gateway, a "
  "ClientTrafficPolicy per listener), and create the CA ConfigMap the "
  "message names." },
{ "convert/nginx-cors", DIAG_WARNING, NULL,
  "enable-cors becomes a CORS filter, which answers other requests",
  "ingress-nginx (nginx.tmpl, template CORS) answered every OPTIONS "
  "request of an allowed Origin itself with 204, sent "
  "Access-Control-Allow-Methods, -Allow-Headers and -Max-Age on the "
  "responses of actual requests too, passed an OPTIONS from an Origin it "
  "does not allow to the backend, and with the origin '*' sent its "
  "headers without an Origin too, with 'Access-Control-Allow-Origin: *' "
  "even with credentials; '*.' in an origin matched one DNS label. The "
  "Gateway API CORS filter answers only preflights (OPTIONS with Origin "
  "and Access-Control-Request-Method), from any Origin, sends the lists "
  "and Max-Age on preflight answers only, echoes the allowed Origin, and "
  "its '*' in a host matches any number of labels. Origins that are not "
  "scheme://host[:port] are left out.",
  CONVERT NGINX(ANN("enable-cors", "true")),
  "Nothing for browsers; clients that send OPTIONS without "
  "Access-Control-Request-Method, or read CORS headers of actual "
  "responses, need the backend or a ResponseHeaderModifier to answer "
  "them." },
{ "convert/nginx-custom-headers", DIAG_INFO,
  "warning when the ConfigMap is not in the input",
  "custom-headers becomes a ResponseHeaderModifier",
  "The headers of the ConfigMap named by custom-headers are set on the "
  "responses, as ingress-nginx did; nginx set only the ones its "
  "ConfigMap global-allowed-response-headers allows, the filter sets "
  "them all. When the ConfigMap is not in the input, its headers are "
  "unknown and none is set.",
  CONVERT CONFIGMAP("default", "security-headers")
  "  X-Frame-Options: DENY\n---\n"
  NGINX(ANN("custom-headers", "default/security-headers")),
  "Add the ConfigMap to the input; remove from the filter the headers "
  "the controller did not allow." },
{ "convert/nginx-default-backend", DIAG_WARNING, NULL,
  "spec.defaultBackend is not used for a host another Ingress created",
  "ingress-nginx takes the fallback of a host (its '/' location) from "
  "the first Ingress that names the host, in its order: oldest "
  "creationTimestamp, then namespace/name descending. The defaultBackend "
  "of a later Ingress of the host was never used for it, and is left "
  "out there.",
  CONVERT ING("first") AGE("2024-01-01") SPEC("nginx")
  "  defaultBackend: {service: {name: fallback, port: {number: 80}}}\n"
  RULES HOST("app.example.com") PATH("/a") "---\n" ING("second")
  AGE("2024-02-01") SPEC("nginx")
  "  defaultBackend: {service: {name: other, port: {number: 80}}}\n"
  RULES HOST("app.example.com") PATH("/b"),
  "Nothing, if the routing was right; otherwise move the defaultBackend "
  "to the first Ingress of the host." },
{ "convert/nginx-default-certificate", DIAG_INFO, NULL,
  "a host without certificate gets no HTTPS listener",
  "ingress-nginx answered HTTPS for every host, with its self-signed "
  "default certificate when the host had none. The Gateway gets HTTPS "
  "listeners only for the hosts of tls sections, so HTTPS requests for "
  "this host find no listener; clients that accepted the default "
  "certificate now fail to connect.",
  CONVERT NGINX_HOST("", "example.com"),
  "Add a tls section with a real certificate for the host if clients "
  "use HTTPS; otherwise nothing." },
{ "convert/nginx-denied", DIAG_WARNING, NULL,
  "ingress-nginx answers 503 on every path of the Ingress; no rule is written",
  "Some invalid annotation values (auth-type without auth-secret, an "
  "unknown auth-type, a missing auth-proxy-set-headers ConfigMap...) and "
  "an auth-secret ingress-nginx cannot read (in another namespace, not in "
  "an input that has Secrets, without the key 'auth') make ingress-nginx "
  "deny every location of the Ingress with 503. The "
  "conversion leaves its rules out, so these requests now get 404, or "
  "reach another route that matches them.",
  CONVERT NGINX(ANN("auth-type", "basic")),
  "Fix the annotation the message names (see its nginx/annotation-"
  "invalid diagnostic), then convert again to carry the rules over." },
{ "convert/nginx-gateway-fabric", DIAG_INFO,
  "warning when the NGINX Gateway Fabric object differs from nginx",
  "an annotation becomes an NGINX Gateway Fabric policy or filter",
  "With --target nginx-gateway-fabric, implementation-specific "
  "annotations (timeouts, load balancing, rate limits, body size, basic "
  "auth) become NGINX Gateway Fabric objects: a ProxySettingsPolicy, "
  "RateLimitPolicy or ClientSettingsPolicy on the generated routes, an "
  "UpstreamSettingsPolicy on the Services, an AuthenticationFilter the "
  "rules refer to. Each one is reported with what NGF does differently "
  "from ingress-nginx (NGINX Plus-only parts named), or why the "
  "annotation could not be converted.",
  RUN("convert --target nginx-gateway-fabric input.yaml")
  NGINX(ANN("limit-rps", "20")),
  "Read the difference the message names, and adjust the generated "
  "object where it matters for your traffic." },
{ "convert/nginx-grpc", DIAG_WARNING, NULL,
  "backend-protocol GRPC or GRPCS: the routes become GRPCRoutes",
  "The routes of an Ingress with backend-protocol GRPC (or GRPCS) are "
  "GRPCRoutes: paths '/pkg.Service' and '/pkg.Service/Method' become "
  "method matches, other paths are left out. A GRPCRoute matches gRPC "
  "requests only, where nginx passed any request of the location to the "
  "backend; it has no timeouts, fewer filters, and reaches the backends "
  "over h2c (GRPCS: TLS, which needs a BackendTLSPolicy).",
  CONVERT ING("rpc") ANN("backend-protocol", "GRPC") SPEC("nginx") RULES
  ANY_HOST PATH_TO("/orders.Orders", "Prefix", "orders"),
  "Check the Service port's appProtocol (kubernetes.io/h2c); move paths "
  "that are not gRPC to an Ingress without backend-protocol GRPC." },
{ "convert/nginx-host-fallthrough", DIAG_WARNING, NULL,
  "a host without path '/' now falls through to routes without hostname",
  "ingress-nginx answered the paths no Ingress defines for a named host "
  "with its default backend (404): a host's server never falls through "
  "to the default server. In Gateway API, routes without hostnames (from "
  "a rule without host, or a defaultBackend without rules) match every "
  "host, so they now answer those requests.",
  CONVERT ING("app") SPEC("nginx") RULES HOST("app.example.com")
  PATH_TO("/api", "Prefix", "api") ANY_HOST
  PATH_TO("/", "Prefix", "catchall"),
  "Add a path '/' to the host (to a Service that answers 404) if those "
  "requests must not reach the routes without hostname." },
{ "convert/nginx-hsts", DIAG_INFO, NULL,
  "ingress-nginx's Strict-Transport-Security header on HTTPS responses",
  "ingress-nginx adds 'Strict-Transport-Security: max-age=31536000; "
  "includeSubDomains' to the HTTPS responses of every host with a "
  "certificate (ConfigMap hsts, on by default). When the host's HTTP "
  "requests are redirected, its routes serve HTTPS only and set the "
  "header with a ResponseHeaderModifier; when they serve HTTP and HTTPS "
  "alike, the header is not set.",
  CONVERT ING("web") SPEC("nginx") TLS("example.com", "web-tls") RULES
  HOST("example.com") PATH("/"),
  "Remove the header filter if the controller's ConfigMap had hsts "
  "\"false\"; to keep the header on routes that serve both, add a "
  "ResponseHeaderModifier to an HTTPS-only copy of them." },
{ "convert/nginx-ingress-dropped", DIAG_WARNING, NULL,
  "ingress-nginx does not serve the Ingress; it is not converted",
  "An annotation makes ingress-nginx with its default settings reject "
  "the whole Ingress: a risk above annotations-risk-level (snippets are "
  "Critical), or an invalid redirect URL. None of its rules route "
  "traffic today, so none are converted: converting them would open "
  "paths that are closed now.",
  CONVERT NGINX(ANN("permanent-redirect", "not a url")),
  "Fix or remove the annotation (its nginx/ diagnostic says why) if the "
  "Ingress should be served, and convert again." },
{ "convert/nginx-mirror", DIAG_WARNING, "info when converted",
  "mirror-target becomes a RequestMirror, or nothing",
  "RequestMirror needs a backendRef: a mirror-target naming a Service of "
  "the Ingress's namespace (http://NAME, http://NAME.NAMESPACE.svc...) is "
  "converted, a URL outside the cluster is not. Converted mirrors "
  "differ: nginx waited for the mirror before answering, Gateway API "
  "mirrors are fire-and-forget and always send the request's path.",
  CONVERT NGINX(ANN("mirror-target", "https://mirror.example.org$request_uri")),
  "Point the mirror at a Service, or use an implementation's Backend "
  "object for a host outside the cluster." },
{ "convert/nginx-missing-service", DIAG_INFO, NULL,
  "a backend Service is not in the input, which lists Services",
  "When the input has Service objects, a backend Service missing from "
  "them is likely a typo or a deleted Service: ingress-nginx found no "
  "endpoints and answered 503, a Gateway answers 500 for a backendRef to "
  "a missing Service. Not reported when the input has no Service at all.",
  CONVERT SERVICE("default", "api") "---\n" NGINX(""),
  "Check the Service name, or add the Service to the input." },
{ "convert/nginx-not-converted", DIAG_WARNING, NULL,
  "an ingress-nginx annotation has no standard Gateway API equivalent",
  "The annotation is in effect in ingress-nginx, but the standard "
  "Gateway API objects cannot express it: class B, implementation-"
  "specific (affinity, rate limits, auth...), or class C, with no "
  "equivalent (buffering, ModSecurity...). The message names the nearest "
  "setting; 'ing2gw annotations' lists them all.",
  CONVERT NGINX(ANN("affinity", "cookie")),
  "Configure it on the Gateway implementation; with Envoy Gateway, "
  "--target envoy-gateway generates policies for many of them." },
{ "convert/nginx-passthrough", DIAG_WARNING,
  "info for the paths of other Ingresses of a passed-through host",
  "ssl-passthrough: TLS on port 443 goes undecrypted to the '/' Service",
  "With ssl-passthrough, ingress-nginx passed the TLS connections of the "
  "host, chosen by SNI, to the Service of the host's '/' location "
  "without decrypting them; its other paths and annotations did not "
  "apply on port 443. The conversion writes a Passthrough listener and a "
  "TLSRoute to that Service; port 80 keeps its HTTPRoutes. A host "
  "without '/' location, or a rule without host, cannot be passed "
  "through.",
  CONVERT NGINX_HOST(ANN("ssl-passthrough", "true"), "example.com"),
  "Check that the backend terminates TLS itself; give the host a path "
  "'/' to choose the Service." },
{ "convert/nginx-path-shadowed", DIAG_WARNING, NULL,
  "an earlier Ingress already defines the path; this one is left out",
  "ingress-nginx serves one location per host, path and pathType: the "
  "first Ingress in its order (oldest creationTimestamp, then "
  "namespace/name descending) keeps it, and the later one never "
  "receives a request. The conversion leaves the later path out too.",
  CONVERT ING("old") AGE("2024-01-01") SPEC("nginx") RULES
  HOST("example.com") PATH_TO("/", "Prefix", "v1") "---\n" ING("new")
  AGE("2024-06-01") SPEC("nginx") RULES HOST("example.com")
  PATH_TO("/", "Prefix", "v2"),
  "Remove the path from one of the Ingresses; to share traffic, make "
  "the later one a canary." },
{ "convert/nginx-pcre", DIAG_WARNING, NULL,
  "a regex path uses PCRE syntax that RE2 does not have",
  "In regex mode, paths become RegularExpression matches. nginx used "
  "PCRE; Envoy and most Gateway implementations use RE2, which has no "
  "lookahead, lookbehind, atomic groups, possessive quantifiers or "
  "back-references: the route may be refused.",
  CONVERT ING("api") ANN("use-regex", "true") SPEC("nginx") RULES
  ANY_HOST PATH_TO("/api/(?!internal).*", "ImplementationSpecific", "api"),
  "Rewrite the expression without them, for example with a separate "
  "rule for the excluded paths." },
{ "convert/nginx-redirect", DIAG_WARNING, NULL,
  "permanent-redirect or temporal-redirect becomes a RequestRedirect",
  "The paths of the Ingress answer with a RequestRedirect to the URL, "
  "with the code given (301, or 302 for temporal-redirect). A "
  "RequestRedirect keeps the request's query string; nginx's 'return "
  "<code> <url>' dropped it. A URL a "
  "RequestRedirect cannot express, or a code other than 301, 302, 303, "
  "307 and 308, is not converted: the paths are routed to their backends "
  "instead.",
  CONVERT NGINX(ANN("permanent-redirect", "https://www.example.org/")),
  "Nothing for a converted redirect; otherwise redirect with a code and "
  "a URL Gateway API has." },
{ "convert/nginx-regex-host", DIAG_WARNING, NULL,
  "a host in regex mode: its paths become ordered regular expressions",
  "use-regex, or a rewrite-target that differs from its path, on any "
  "Ingress of a host switches the whole host to regex mode in "
  "ingress-nginx: every path of the host, of every Ingress, is a "
  "case-insensitive regular expression anchored at the start only, tried "
  "longest first. The output has RegularExpression matches "
  "'(?i)^PATH.*' in that order, but their precedence against other "
  "matches and across routes is implementation-specific.",
  CONVERT ING("api") ANN("use-regex", "true") SPEC("nginx") RULES
  HOST("api.example.com") PATH_TO("/v[0-9]+/", "ImplementationSpecific",
  "api"),
  "Check the match order of your Gateway implementation; keep regular "
  "expressions on hosts of their own, and plain paths elsewhere." },
{ "convert/nginx-rewrite", DIAG_WARNING,
  "info when an Envoy Gateway HTTPRouteFilter carries the rewrite",
  "rewrite-target becomes a URLRewrite, or is not carried over",
  "nginx rewrote the whole path with the location's regular expression "
  "and its captures ($1...). A target that replaces a prefix becomes a "
  "PathPrefix match with ReplacePrefixMatch, which matches "
  "case-sensitively where nginx did not. Other targets (captures in the "
  "middle, nginx variables, a query string) have no URLRewrite "
  "equivalent: the path is routed without rewriting, and the backend "
  "sees the original path. --target envoy-gateway carries many of them "
  "in a regex substitution.",
  CONVERT ING("web") ANN("rewrite-target", "/$2") SPEC("nginx") RULES
  ANY_HOST PATH_TO("/something(/|$)(.*)", "ImplementationSpecific", "web"),
  "Check what the backend receives; where the rewrite is not carried "
  "over, convert with --target envoy-gateway, or have the backend accept "
  "the original path." },
{ "convert/nginx-snippet", DIAG_WARNING, NULL,
  "a snippet annotation holds raw nginx configuration",
  "configuration-snippet, server-snippet and the other *-snippet "
  "annotations insert nginx directives, which have no Gateway API "
  "equivalent. ingress-nginx with its default settings "
  "(annotations-risk-level High, allow-snippet-annotations false) "
  "rejects or ignores them. Common idioms are named: more_set_headers "
  "(a ResponseHeaderModifier), proxy_set_header (a "
  "RequestHeaderModifier), return 30x (a RequestRedirect).",
  CONVERT NGINX(ANN("configuration-snippet",
  "more_set_headers 'X-Frame-Options: DENY';")),
  "Write the filter the message names by hand, or configure the Gateway "
  "implementation." },
{ "convert/nginx-ssl-redirect", DIAG_WARNING,
  "info for use-port-in-redirects",
  "HTTP to HTTPS redirect of a host with a certificate",
  "ingress-nginx redirected HTTP requests to HTTPS (308) for every host "
  "with a certificate, except under /.well-known/acme-challenge, and "
  "removed the last '/' of a URI ending in '/' (lua_ingress.lua, unless "
  "preserve-trailing-slash). The host's HTTP listener gets a route that "
  "redirects the same way, and its routes attach to the HTTPS listener "
  "only; but the RequestRedirect keeps the '/' of a path deeper than an "
  "Ingress path. force-ssl-redirect on a host without certificate is "
  "not converted: there is no HTTPS listener to redirect to.",
  CONVERT ING("web") SPEC("nginx") TLS("example.com", "web-tls") RULES
  HOST("example.com") PATH("/"),
  "Nothing; set ssl-redirect: \"false\" on the Ingress before converting "
  "if HTTP must keep being served." },
{ "convert/nginx-stream", DIAG_WARNING,
  "info for each ConfigMap read, and for PROXY on a UDP entry",
  "tcp-services or udp-services entries become TCP and UDP routes",
  "The ConfigMaps of ingress-nginx's --tcp-services-configmap and "
  "--udp-services-configmap map an external port to "
  "namespace/service:port. Each entry becomes a TCP or UDP listener on "
  "the Gateway and a TCPRoute or UDPRoute; the Gateway's Service must "
  "expose these ports as the controller's did. Entries ingress-nginx "
  "skips (a bad port or value, a port the controller uses itself, a port "
  "already routed) are left out.",
  CONVERT CONFIGMAP("ingress-nginx", "tcp-services") "  \"9000\": "
  "\"default/example-go:8080\"\n  \"80\": \"default/web:80\"\n---\n"
  NGINX(""),
  "Expose the ports on the Gateway's Service; fix or remove the entries "
  "left out." },
{ "convert/nginx-stream-proxy", DIAG_WARNING,
  "info with --target envoy-gateway, which writes the policies",
  "a tcp-services entry uses the PROXY protocol",
  "A third field PROXY in a tcp-services entry "
  "('namespace/service:port:PROXY') made ingress-nginx expect the PROXY "
  "protocol from clients, a fourth ('...:PROXY:PROXY' or '...::PROXY') "
  "made it send the PROXY protocol to the backend. A TCPRoute does "
  "neither. With --target envoy-gateway, a ClientTrafficPolicy and a "
  "BackendTrafficPolicy (proxyProtocol) are generated.",
  CONVERT CONFIGMAP("ingress-nginx", "tcp-services")
  "  \"5432\": \"db/postgres:5432:PROXY\"\n---\n" NGINX(""),
  "Configure the PROXY protocol on the Gateway implementation, or "
  "convert with --target envoy-gateway." },
{ "convert/nginx-timeout", DIAG_WARNING, NULL,
  "proxy-read-timeout becomes timeouts.backendRequest, a total",
  "nginx's proxy-read-timeout bounds the time between two reads from the "
  "backend; timeouts.backendRequest bounds the whole backend request. A "
  "slow streaming response (server-sent events, a long download) that "
  "nginx kept alive is now cut with 504.",
  CONVERT NGINX(ANN("proxy-read-timeout", "120")),
  "Raise the timeout for streaming paths, or use an implementation's "
  "idle timeout (Envoy Gateway: --target envoy-gateway)." },
{ "convert/nginx-tuning", DIAG_INFO, NULL,
  "an nginx tuning annotation is dropped",
  "The annotation tunes nginx (buffers, keep-alive, caches...) and does "
  "not change which backend answers; Gateway API has no field for it. "
  "The message names the nearest setting of Gateway implementations, if "
  "any.",
  CONVERT NGINX(ANN("proxy-buffer-size", "16k")),
  "Tune the Gateway implementation if the setting mattered; otherwise "
  "nothing." },
{ "convert/nginx-www-redirect", DIAG_WARNING, NULL,
  "from-to-www-redirect becomes a route redirecting the other name",
  "ingress-nginx answered the www or non-www counterpart of a host with "
  "a 308 redirect to it. The conversion adds a route for the counterpart "
  "with a RequestRedirect (308). nginx removed a trailing '/' and wrote "
  "the port; Gateway API keeps the path as is. Over HTTPS the "
  "counterpart needs a listener whose certificate covers it.",
  CONVERT NGINX_HOST(ANN("from-to-www-redirect", "true"), "example.com"),
  "Add the counterpart to a tls section if clients reach it over "
  "HTTPS." },
{ "convert/nginx-x-forwarded-prefix", DIAG_WARNING, NULL,
  "x-forwarded-prefix with rewrite captures is not set",
  "ingress-nginx sends the X-Forwarded-Prefix header when a "
  "rewrite-target is active, and its value may use the rewrite's "
  "captures ($1...). A RequestHeaderModifier sets a literal value, so a "
  "value with captures is not converted and the header is not sent.",
  CONVERT ING("web") ANNS A("rewrite-target", "/$2")
  A("x-forwarded-prefix", "/$1") SPEC("nginx") RULES ANY_HOST
  PATH_TO("/(app)(/.*)", "ImplementationSpecific", "web"),
  "Give a literal value, or have the backend do without the header." },
{ "convert/no-class", DIAG_WARNING, NULL,
  "an Ingress without class is converted into the default Gateway",
  "The Ingress has no spec.ingressClassName, no kubernetes.io/"
  "ingress.class annotation, and the input has no default IngressClass. "
  "Controllers differ on serving such Ingresses (ingress-nginx only with "
  "--watch-ingress-without-class), so it may not have been in service. "
  "It is converted into the Gateway 'default' (or the one of "
  "--gateway-name).",
  CONVERT ING("web") "spec:\n" RULES ANY_HOST PATH("/"),
  "Add the IngressClass objects to the input (kubectl get ingressclass "
  "-o yaml) or set spec.ingressClassName; drop Ingresses no controller "
  "serves." },
{ "convert/not-written", DIAG_INFO, NULL,
  "the conversion had errors: no objects were written",
  "On an error convert writes nothing: standard output stays empty and "
  "the -o file is neither created nor changed, so that a pipeline into "
  "kubectl apply applies nothing that is known to be wrong or to serve "
  "paths without their access checks. The exit status is 1.",
  RUN("convert input.yaml")
  NGINX(ANN("auth-url", "http://auth.example.com/check")),
  "Fix the errors listed above it, or give --force to write the objects "
  "anyway (paths whose access checks were lost answer 500)." },
{ "convert/resource-backend", DIAG_WARNING, NULL,
  "a resource backend is left out",
  "A backend that names an object (apiGroup, kind, name) instead of a "
  "Service, such as a storage bucket, is the controller's own. Gateway "
  "API backendRefs to other kinds are implementation-specific, so the "
  "path is left out and its requests go to the next rule that matches "
  "them.",
  CONVERT ING("assets") SPEC("gce") RULES ANY_HOST
  "      - path: /images\n        pathType: Prefix\n        backend: "
  "{resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: "
  "images}}\n",
  "Route to it with an implementation-specific backendRef if your "
  "Gateway supports one, or put a Service in front of it." },
{ "convert/target-defaults", DIAG_WARNING, NULL,
  "the target's data plane does not do what the controller did by default",
  "Gateway API leaves much of the data plane to the implementation: the "
  "largest request body, request headers with underscores, "
  "X-Forwarded-For, path normalisation, a timeout for the whole request, "
  "retries, the protocol to the backends, load balancing. Where the "
  "Ingress controller's default (ingress-nginx: bodies over 1m refused "
  "with 413, underscored headers dropped, no total timeout, 3 tries) is "
  "not the target's, requests that used to pass fail or the reverse. "
  "Once per Gateway, at the class of its first Ingress: with --target "
  "generic, the controller's defaults; with a target whose defaults "
  "ing2gw knows, one note per difference with the setting that restores "
  "the controller's behaviour, marked 'written' where the target's "
  "emitter writes it (Envoy Gateway: a ClientTrafficPolicy "
  "headers.withUnderscoresAction, rules[].timeouts.request 0s).",
  RUN("convert --target envoy-gateway input.yaml") NGINX(""),
  "Apply the settings the notes name where the difference matters to "
  "your traffic, or accept it; 'ing2gw targets NAME' lists a target's "
  "defaults." },
{ "convert/target-unproven", DIAG_INFO,
  "warning when the construct checks access (client certificates)",
  "the target's conformance report does not prove a construct",
  "The output uses a construct whose feature or profile the target's "
  "newest conformance report does not test (a profile it did not run, "
  "such as GATEWAY-TCP for Envoy Gateway, a feature newer than the "
  "report's Gateway API version, or a profile whose core tests passed "
  "only in part): the implementation may support it, but the report "
  "does not say so.",
  RUN("convert --target envoy-gateway --tcp-services ingress-nginx/tcp "
  "input.yaml")
  "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: tcp, namespace: "
  "ingress-nginx}\ndata:\n  \"9000\": \"default/db:5432\"\n---\n"
  NGINX(""),
  "Check the implementation's documentation for the construct, and test "
  "it before relying on it." },
{ "convert/target-unsupported", DIAG_WARNING, NULL,
  "the target does not support a construct of the output",
  "The output uses a construct (a filter, a match, a timeout, a route "
  "kind) whose Gateway API feature the target's newest conformance "
  "report lists as unsupported: the implementation refuses the rule or "
  "ignores the construct, so requests are not handled as the Ingress "
  "controller handled them. Reported at the line that asked for it, "
  "with the feature as the reports spell it and the target's own "
  "mechanism where one exists. A construct that checks access (client "
  "certificates) is an error instead: convert/access-control.",
  RUN("convert --target gke input.yaml")
  NGINX(ANN("enable-cors", "true")),
  "Use the target's own mechanism the message names, choose a target "
  "that supports the feature, or leave the construct out." },
{ "convert/tls-conflict", DIAG_WARNING, NULL,
  "Ingresses give one host different certificates; the first one is kept",
  "A Gateway has one HTTPS listener per hostname, with one certificate. "
  "When Ingresses give a host different Secrets, the first Ingress "
  "(oldest creationTimestamp, as ingress-nginx orders them) keeps the "
  "listener and the other certificate is not used. A note points at the "
  "certificate kept.",
  CONVERT ING("old") AGE("2023-01-15") SPEC("nginx")
  TLS("www.example.com", "www-tls-a") RULES HOST("www.example.com")
  PATH("/a") "---\n" ING("new") AGE("2025-06-01") SPEC("nginx")
  TLS("www.example.com", "www-tls-b") RULES HOST("www.example.com")
  PATH("/b"),
  "Use one certificate for the host, and remove the host from the other "
  "tls entry." },
{ "convert/tls-no-secret", DIAG_WARNING, NULL,
  "a tls entry has no secretName; no HTTPS listener is written",
  "Without secretName the controller served its default certificate for "
  "the hosts of the entry. A Gateway HTTPS listener needs "
  "certificateRefs, so none is generated for them: HTTPS requests for "
  "these hosts find no listener.",
  CONVERT ING("app") SPEC("nginx") "  tls:\n  - hosts: [app.example.com]\n"
  RULES HOST("app.example.com") PATH("/"),
  "Give the entry the Secret of the certificate to use and convert "
  "again, or add the HTTPS listener by hand." },
{ "convert/tls-passthrough", DIAG_INFO, NULL,
  "the certificate of a passed-through host serves no TLS",
  "The host has ssl-passthrough, so its TLS connections go, undecrypted, "
  "to the backend: the certificate of its tls section is not used for "
  "them (ingress-nginx still uses it to redirect HTTP to HTTPS). The "
  "host gets no HTTPS listener: its Passthrough listener takes port 443.",
  CONVERT ING("web") ANN("ssl-passthrough", "true") SPEC("nginx")
  TLS("example.com", "web-tls") RULES HOST("example.com") PATH("/"),
  "Nothing." },
{ "convert/traefik", DIAG_WARNING,
  "info when the Traefik object does what nginx did",
  "an annotation becomes a Traefik Middleware or TraefikService",
  "With --target traefik, implementation-specific annotations (rate "
  "limits, client address allow lists, basic, digest and external auth, "
  "body size, retries, rewrites with captures, CORS) become Middlewares "
  "(traefik.io/v1alpha1) that the rules refer to by ExtensionRef "
  "filters; timeouts and load balancing become TraefikServices, with a "
  "ServersTransport, that the rules name as their backendRef. Traefik "
  "reads them only with its kubernetesCRD provider enabled. Each one is "
  "reported with what Traefik does differently from ingress-nginx, or "
  "why the annotation could not be converted.",
  RUN("convert --target traefik input.yaml")
  NGINX(ANN("limit-rps", "20")),
  "Read the difference the message names, and adjust the generated "
  "object where it matters for your traffic." },
{ "convert/traefik-annotation-ignored", DIAG_WARNING,
  "info when a key has no effect where it is",
  "Traefik does not read a traefik.ingress.kubernetes.io key here",
  "Traefik reads the router.* keys from the Ingress and the service.* "
  "keys from the Service a path names, and ignores each kind on the "
  "other object. Some keys have no effect where they are: "
  "router.pathmatcher on an Ingress without ImplementationSpecific "
  "paths, router.tls.* or service.sticky.cookie.* under a router.tls or "
  "service.sticky.cookie that is not \"true\". Nothing is converted from "
  "them, since Traefik does nothing with them.",
  CONVERT TRAEFIK(ANNS T("service.passhostheader", "false")),
  "Move the key to the object Traefik reads it from (the Service, for "
  "service.*), or remove it." },
{ "convert/traefik-annotation-invalid", DIAG_WARNING, NULL,
  "Traefik cannot use an annotation value",
  "Traefik's label decoder reads booleans with Go's strconv.ParseBool "
  "and integers with ParseInt, and fails on anything else: a router.* "
  "value makes it skip the whole Ingress, a service.* value every path "
  "to the Service. Other values are checked later: an unknown "
  "router.pathmatcher skips the ImplementationSpecific paths, an unknown "
  "service.serversscheme makes every request to the Service fail. A "
  "value that is not quoted is not a string, and Kubernetes rejects the "
  "object. The conversion follows what Traefik does.",
  CONVERT TRAEFIK(ANNS T("router.priority", "high")),
  "Write a value Traefik accepts ('ing2gw annotations -p traefik' lists "
  "the kinds), and convert again." },
{ "convert/traefik-annotation-unknown", DIAG_WARNING, NULL,
  "a traefik.ingress.kubernetes.io key that Traefik does not know",
  "The key is under Traefik's prefix but is none of its annotations. An "
  "unknown router.* key makes Traefik's label decoder fail (\"field not "
  "found\"), so it skips the whole Ingress; an unknown service.* key on "
  "a Service skips every path to the Service; other keys are ignored. "
  "The message suggests the closest known key; names match regardless "
  "of case.",
  CONVERT TRAEFIK(ANNS T("router.priorty", "10")),
  "Fix the key's spelling, or remove it." },
{ "convert/traefik-backend-scheme", DIAG_WARNING, NULL,
  "Traefik spoke TLS or h2c to the backends; the Gateway speaks HTTP",
  "Traefik used TLS to a Service port 443, a port whose name starts "
  "with https, or a Service with service.serversscheme https, and h2c "
  "with service.serversscheme h2c. A Gateway speaks HTTP/1.1 to a "
  "backend unless a BackendTLSPolicy (TLS) or the port's appProtocol "
  "kubernetes.io/h2c says otherwise. No BackendTLSPolicy is generated: "
  "it always verifies the backends, with a CA and a name the input does "
  "not give (Traefik's verification comes from its ServersTransport).",
  CONVERT ING("web") SPEC("traefik") RULES HOST("example.com")
  "      - path: /\n        pathType: Prefix\n        backend: {service: "
  "{name: web, port: {number: 443}}}\n",
  "Add a BackendTLSPolicy with the backends' CA and certificate name, or "
  "set appProtocol kubernetes.io/h2c on the Service port." },
{ "convert/traefik-backend-skipped", DIAG_WARNING, NULL,
  "Traefik skips a path whose Service it cannot load; it is left out",
  "Traefik creates a path's router only when it can load the Service: "
  "the Service exists, has the port the path names, and its "
  "traefik.ingress.kubernetes.io annotations parse. Otherwise it logs "
  "\"Cannot create service\" and skips the path, whose requests go to "
  "another router or get 404. When the input lists Services, the "
  "conversion leaves such a path out too.",
  CONVERT SERVICE("default", "api") "---\n" TRAEFIK(""),
  "Check the Service name and port, or add the Service to the input." },
{ "convert/traefik-default-backend", DIAG_WARNING,
  "info for the default router an Ingress without rules makes",
  "Traefik's spec.defaultBackend is not the Ingress specification's",
  "Traefik makes a router of spec.defaultBackend only for an Ingress "
  "without rules: the default router, PathPrefix('/') of the lowest "
  "priority, for every host, and only one in the cluster (\"the default "
  "backend already exists\"). The defaultBackend of an Ingress with rules "
  "is ignored, and not converted. The default router becomes a route "
  "without hostnames.",
  CONVERT ING("web") SPEC("traefik")
  "  defaultBackend: {service: {name: fallback, port: {number: 80}}}\n"
  RULES HOST("example.com") PATH("/api"),
  "Move the defaultBackend to an Ingress without rules if Traefik should "
  "serve it, or remove it." },
{ "convert/traefik-default-certificate", DIAG_INFO, NULL,
  "Traefik answered HTTPS with its default certificate for this host",
  "A router without router.tls answers on both entry points, web (HTTP) "
  "and websecure (HTTPS, with TLS on the entry point, as the Helm chart "
  "and Traefik's documentation set it up); for a host that no tls "
  "section gives a certificate, Traefik uses its default certificate. "
  "The Gateway has an HTTPS listener only for the hosts of tls "
  "sections, so HTTPS requests for this host find no listener.",
  CONVERT TRAEFIK(""),
  "Add a tls section with the host's certificate if clients use HTTPS." },
{ "convert/traefik-entrypoint", DIAG_WARNING, NULL,
  "an entry point has no Gateway listener",
  "The Gateway has an HTTP listener on port 80 (Traefik's web entry "
  "point) and HTTPS listeners on port 443 (websecure). Another entry "
  "point's port and protocol are not in the input, so the routes do not "
  "answer there; TLS routers on web alone (TLS on port 80) are not "
  "converted.",
  CONVERT TRAEFIK(ANNS T("router.entrypoints", "internal")),
  "Add a listener for the entry point's port to the Gateway by hand, "
  "and attach the route to it." },
{ "convert/traefik-ingress-skipped", DIAG_WARNING, NULL,
  "Traefik skips the whole Ingress; it is not converted",
  "One of the Ingress's router.* annotations does not parse (an unknown "
  "key, a value that is not a boolean or an integer), so Traefik logs "
  "\"Failed to parse annotations\" and serves none of its paths. The "
  "conversion carries over what Traefik serves: nothing of this "
  "Ingress.",
  CONVERT TRAEFIK(ANNS T("router.tls", "true") T("router.entrypoint",
  "websecure")),
  "Fix the annotation the message names and convert again." },
{ "convert/traefik-middleware", DIAG_WARNING, NULL,
  "a Traefik middleware is not carried over",
  "router.middlewares (and service.middlewares) run Traefik Middleware "
  "objects on the requests: redirects, prefixes, headers, rate limits, "
  "authentication. The Gateway API routes skip them; the message names "
  "the Middleware's type when the object is in the input, and the "
  "nearest Gateway API filter. A middleware that checks access "
  "(basicAuth, digestAuth, forwardAuth, ipAllowList) is "
  "convert/access-control instead. A name without '@provider' is looked "
  "up in the Ingress provider, which has none: Traefik fails the "
  "routers, and the Ingress is not converted.",
  CONVERT TRAEFIK(ANNS T("router.middlewares",
  "default-strip@kubernetescrd")),
  "Add the filters the middleware stands for to the routes, or the "
  "implementation's policy; put the Middleware objects in the input to "
  "see what they do." },
{ "convert/traefik-not-converted", DIAG_WARNING, NULL,
  "a Traefik annotation has no standard Gateway API equivalent",
  "The annotation is in effect in Traefik, but the standard Gateway API "
  "objects cannot express it: ACME certificate resolvers and their "
  "domains, TLS options, ServersTransports, the rule syntax, sticky "
  "cookies (which --emitter envoy-gateway turns into a policy). The "
  "message names the nearest setting; 'ing2gw annotations -p traefik' "
  "lists them all.",
  CONVERT TRAEFIK(ANNS T("router.tls.certresolver", "letsencrypt")),
  "Configure it on the Gateway implementation, or use its equivalent "
  "(cert-manager for certificates)." },
{ "convert/traefik-pass-host-header", DIAG_WARNING, NULL,
  "the backends see the client's Host, not their own address",
  "With service.passhostheader false, Traefik sent each backend its own "
  "address (IP and port) as Host. Gateway API keeps the client's Host; "
  "a URLRewrite filter can set a fixed hostname, not the address of the "
  "endpoint that answers.",
  CONVERT TK_SERVICE("web", ANNS T("service.passhostheader", "false"))
  "---\n" TRAEFIK(""),
  "Check that the backends accept the client's Host, or add a URLRewrite "
  "filter with the hostname they expect." },
{ "convert/traefik-path-regexp", DIAG_WARNING, NULL,
  "a PathRegexp path becomes an implementation-specific RegularExpression",
  "With router.pathmatcher PathRegexp, an ImplementationSpecific path is "
  "a Go regular expression that Traefik searches anywhere in the path. "
  "It becomes a Gateway API RegularExpression match on the whole path "
  "('.*' added where the expression is not anchored), whose syntax and "
  "support are the implementation's, and which ranks after Exact "
  "matches and before PathPrefix ones.",
  CONVERT ING("web") ANNS T("router.pathmatcher", "PathRegexp")
  SPEC("traefik") RULES HOST("example.com")
  PATH_TO("/api/v[0-9]+", "ImplementationSpecific", "api"),
  "Check that the implementation supports the expression, or write the "
  "paths as Prefix or Exact." },
{ "convert/traefik-path-sanitized", DIAG_WARNING, NULL,
  "a path with '//', '/./' or '/../' never matched Traefik's clean paths",
  "Traefik's entry points clean every request path before routing it "
  "(sanitizePath, on by default): '.' and '..' segments are resolved and "
  "'//' becomes '/', and the backend gets the clean path. An Exact or "
  "Prefix path that holds such a sequence never matches a clean request "
  "path, so Traefik never used its router: the path is left out. A "
  "Gateway may keep the sequences of a request; replay names the "
  "difference when a request is not clean.",
  CONVERT ING("web") SPEC("traefik") RULES HOST("example.com")
  PATH_TO("/static//old", "ImplementationSpecific", "static"),
  "Write the path as clients reach it after cleaning ('/static/old'), or "
  "remove it." },
{ "convert/traefik-prefix", DIAG_INFO, NULL,
  "Traefik's PathPrefix matches characters, Gateway API's whole segments",
  "Traefik turns a Prefix (or ImplementationSpecific) path into "
  "PathPrefix, which compares characters: '/api' also matches '/apis' "
  "and '/api-v2', and '/api/' does not match '/api'. A Gateway API "
  "PathPrefix compares whole segments and ignores a trailing '/': '/api' "
  "matches '/api' and '/api/x' only, '/api/' matches '/api' too. "
  "Traefik's strictPrefixMatching option, off by default, matches by "
  "segments.",
  CONVERT ING("web") SPEC("traefik") RULES HOST("example.com")
  PATH("/api"),
  "If clients rely on the character match, add the longer paths they "
  "use." },
{ "convert/traefik-priority", DIAG_WARNING,
  "info for a router.priority that changes no winner",
  "Traefik and Gateway API pick another backend for some request",
  "Traefik tries its routers by priority: router.priority, else the "
  "length of the rule text, so PathPrefix('/api') (the longer text) wins "
  "over Path('/api/v1') for '/api/v1', a long path without host over a "
  "short one with host, and routers of equal priority have no defined "
  "order. Gateway API ranks matches by hostname, then Exact before "
  "PathPrefix and the longer path, then the older route. The message "
  "gives a request where the two disagree and names both backends.",
  CONVERT ING("web") SPEC("traefik") RULES HOST("example.com")
  PATH_TO("/api", "Prefix", "api") PATH_TO("/api/v1", "Exact", "v1"),
  "Check which backend should answer; make the paths disjoint, or "
  "accept Gateway API's choice." },
{ "convert/traefik-tls", DIAG_WARNING, NULL,
  "HTTPS-only routers without a certificate in a tls section",
  "router.tls (or an entry point list of websecure alone) makes the "
  "routers answer HTTPS only, with a certificate of Traefik's store "
  "(any Ingress's tls Secrets), its resolver's or its default one. The "
  "routes attach to the HTTPS listener of their host, which exists only "
  "when a tls section gives the host a certificate; without one, the "
  "paths are left out.",
  CONVERT TRAEFIK(ANNS T("router.tls", "true")),
  "Add a tls section with the host and the Secret of its certificate "
  "(cert-manager can issue it)." },
{ "convert/traefik-tuning", DIAG_INFO, NULL,
  "a Traefik annotation only tunes Traefik; it is dropped",
  "Observability settings of the routers (access logs, metrics, "
  "tracing) and how Traefik reaches the Service (its ClusterIP, the "
  "nodes' NodePort) do not change which backend answers; they are "
  "dropped.",
  CONVERT TRAEFIK(ANNS T("router.observability.accesslogs", "false")),
  "Configure the equivalent on the Gateway implementation if needed." },
{ "convert/unresolved-port-name", DIAG_ERROR, NULL,
  "a named Service port cannot be resolved; the backend is left out",
  "Gateway API backendRefs need a port number where an Ingress, or a "
  "tcp-services entry, may name the Service port. The name is looked up "
  "in the Services of the input; when the Service or its port is not "
  "there, the backend is left out and its requests go to the next rule "
  "that matches them.",
  CONVERT ING("web") SPEC("nginx") RULES ANY_HOST
  "      - path: /\n        pathType: Prefix\n        backend: {service: "
  "{name: web, port: {name: http}}}\n",
  "Add the Services to the input (kubectl get ingress,service -A -o "
  "yaml), or give the port number in the Ingress." },
{ "convert/verify-difference", DIAG_WARNING, NULL,
  "--verify: a probe is routed differently after the conversion",
  "convert --verify routes probe requests derived from the Ingresses "
  "through the model of their controller (ingress-nginx, Traefik) on "
  "the input and the Gateway API model of the output. This probe is "
  "decided differently (the fields are named, a note per field gives "
  "both values) and no known behaviour of the controller explains it: "
  "the conversion changes what this request does. With --verify, "
  "convert exits 1 for such a difference unless --fail-on says "
  "otherwise.",
  RUN("convert --verify input.yaml") ING("web") SPEC("nginx") RULES
  HOST("app.example.com") "      - path: /api\n        pathType: Prefix\n"
  "        backend: {service: {name: api, port: {name: http}}}\n",
  "Read the diagnostics of the same Ingress: the one that says why its "
  "path was left out or changed; fix the input or the output." },
{ "convert/verify-explained", DIAG_INFO, NULL,
  "--verify: a probe differs, as a known behaviour explains",
  "The probe is decided differently after the conversion, because of a "
  "behaviour of the controller (ingress-nginx, Traefik) that Gateway "
  "API cannot express; a note names it and the rule of the diagnostic "
  "that reports it. convert accepts such differences: it exits 1 for "
  "them only with --fail-on difference.",
  RUN("convert --verify input.yaml") NGINX_HOST("", "\"*.example.com\""),
  "Read the rule the note names ('ing2gw explain RULE'), and accept the "
  "difference or change the input." },
{ "convert/verify-failed", DIAG_WARNING, NULL,
  "--verify could not build the routing models; nothing was verified",
  "convert --verify replays probe requests through the controller's "
  "model of the input and the Gateway API model of the output. When "
  "either cannot be built, nothing is verified; the conversion is "
  "written as usual. Every valid input should build both, so this is "
  "not expected in practice.",
  RUN("convert --verify input.yaml") NGINX(""),
  "Run 'ing2gw replay --generate' on the input to see the problem, and "
  "report it as a bug." },
{ "convert/verify-summary", DIAG_INFO, NULL,
  "--verify: how many probes were replayed, and how many differ",
  "The last diagnostic of convert --verify counts the probes replayed "
  "through both models, those decided the same, and those that differ "
  "(explained or not). The Ingresses of classes the controller (the one "
  "--provider or their classes name) does not serve are not verified.",
  RUN("convert --verify input.yaml") NGINX(""),
  "Nothing." },
{ "convert/wildcard-depth", DIAG_WARNING, NULL,
  "a wildcard host matches deeper names after conversion",
  "An Ingress host '*.example.com' matches exactly one label "
  "(a.example.com); the Gateway API hostname '*.example.com' matches one "
  "or more (a.b.example.com too). Requests for deeper names now reach "
  "the wildcard's backends.",
  CONVERT NGINX_HOST("", "\"*.example.com\""),
  "Add routes for the deeper names that must go elsewhere, or accept the "
  "wider match." },

/* nginx: the ingress-nginx annotation parser (convert, route, replay) */
{ "nginx/annotation-alias", DIAG_WARNING, NULL,
  "an annotation and its alias are both set; one is ignored",
  "Two keys have an alias: whitelist-source-range for "
  "allowlist-source-range, limit-whitelist for limit-allowlist. When a "
  "key and its alias are both set, ingress-nginx reads the key and "
  "ignores the alias, unless the key's value is empty.",
  CONVERT NGINX(ANNS A("allowlist-source-range", "10.0.0.0/8")
  A("whitelist-source-range", "192.168.0.0/16")),
  "Keep one of the two keys, with the value in effect." },
{ "nginx/annotation-invalid", DIAG_WARNING,
  "error when ingress-nginx rejects the Ingress or answers 503 on its "
  "paths; convert reports it as a warning",
  "ingress-nginx cannot use an annotation value",
  "The value fails the controller's validation or parser. Depending on "
  "the annotation, ingress-nginx then uses the default, ignores the "
  "annotation or switches off its feature, or rejects the whole Ingress "
  "or answers 503 on all its paths. The message says which; the "
  "conversion and the routing model do as the controller does.",
  CONVERT NGINX(ANN("ssl-redirect", "maybe")),
  "Fix the value ('ing2gw annotations' shows what each key accepts), or "
  "remove the annotation." },
{ "nginx/annotation-no-effect", DIAG_INFO,
  "warning when temporal-redirect wins over permanent-redirect",
  "an annotation has no effect without another one",
  "For example permanent-redirect-code without permanent-redirect, "
  "canary-by-header-value without canary-by-header, auth-secret without "
  "auth-type, x-forwarded-prefix without rewrite-target. When both "
  "temporal-redirect and permanent-redirect are set, temporal-redirect "
  "wins and permanent-redirect is ignored.",
  CONVERT NGINX(ANN("permanent-redirect-code", "308")),
  "Add the annotation it depends on, or remove it." },
{ "nginx/annotation-not-string", DIAG_WARNING,
  "error for a map or list value, which is not read",
  "an annotation value is not a string",
  "Annotation values are strings. An unquoted true, false or number in "
  "YAML is a boolean or a number, and the API server rejects the object; "
  "ing2gw reads it as the string it would be when quoted. A map or a "
  "list is not read at all.",
  CONVERT ING("web") ANNS "    nginx.ingress.kubernetes.io/ssl-redirect: "
  "false\n" SPEC("nginx") RULES ANY_HOST PATH("/"),
  "Quote the value: \"false\", \"10\"." },
{ "nginx/annotation-removed", DIAG_WARNING, NULL,
  "an annotation is no longer read by ingress-nginx",
  "ingress-nginx removed the key (the message names the version or the "
  "replacement); the controller ignores it, and so does the conversion.",
  CONVERT NGINX(ANN("grpc-backend", "true")),
  "Use the replacement the message names, or remove the annotation." },
{ "nginx/annotation-too-risky", DIAG_ERROR,
  "convert reports it as a warning, and leaves the Ingress out",
  "an annotation is above annotations-risk-level: the Ingress is rejected",
  "Each ingress-nginx annotation has a risk level. With the default "
  "annotations-risk-level High, an Ingress that carries a Critical one "
  "(configuration-snippet, server-snippet, auth-snippet...) is rejected "
  "as a whole: none of its rules are served. ing2gw models the default "
  "settings, so the Ingress is left out (see "
  "convert/nginx-ingress-dropped).",
  CONVERT NGINX(ANN("server-snippet", "return 403;")),
  "Remove the annotation and write what it did as Gateway API filters; "
  "if the controller runs with a higher annotations-risk-level, convert "
  "a copy without it." },
{ "nginx/annotation-unknown", DIAG_WARNING, NULL,
  "an ingress-nginx annotation key is unknown",
  "The key has the nginx.ingress.kubernetes.io/ prefix, but ingress-nginx "
  "has no such annotation, usually because of a typo; the controller "
  "ignores it. The message suggests the closest known key.",
  CONVERT NGINX(ANN("rewrite-targets", "/")),
  "Correct the key ('ing2gw annotations' lists them), or remove it." },
{ "nginx/annotations-not-map", DIAG_ERROR, NULL,
  "metadata.annotations is not a map",
  "The annotation parser needs metadata.annotations to be a map of "
  "strings. The commands read the Ingress first and report such an "
  "Ingress as input/wrong-type, so only programs that call the parser "
  "directly see this rule.",
  CONVERT ING("web") "  annotations: [ssl-redirect]\n" SPEC("nginx")
  RULES ANY_HOST PATH("/"),
  "Write the annotations as a map: 'annotations: {KEY: \"VALUE\"}'." },
{ "nginx/canary-not-enabled", DIAG_WARNING, NULL,
  "canary annotations without canary: \"true\" are ignored",
  "ingress-nginx reads canary-weight, canary-by-header and the other "
  "canary keys only when canary is \"true\"; otherwise it ignores them "
  "all and serves the Ingress as a normal one, whose paths then compete "
  "with the primary's (the first Ingress wins).",
  CONVERT NGINX(ANN("canary-weight", "20")),
  "Add canary: \"true\" if the Ingress is meant to be a canary, or "
  "remove the canary keys." },
{ "nginx/canary-weight", DIAG_WARNING, NULL,
  "a canary weight or weight total is out of range",
  "A canary-weight-total below 100 is ignored (100 is used); a negative "
  "canary-weight sends no weighted traffic to the canary, a weight above "
  "the total sends all of it there.",
  CONVERT NGINX(ANNS A("canary", "true") A("canary-weight", "150")),
  "Give a weight from 0 to the total (100 unless canary-weight-total is "
  "larger)." },
{ "nginx/snippet-disabled", DIAG_WARNING, NULL,
  "a snippet annotation is ignored: snippet annotations are off",
  "ingress-nginx ignores the *-snippet annotations when its ConfigMap "
  "has allow-snippet-annotations false, the default since v1.9.0. Every "
  "snippet is also above the default annotations-risk-level, so the "
  "commands of ing2gw, which model the default settings, report "
  "nginx/annotation-too-risky instead; only programs that call the "
  "parser with other settings see this rule.",
  CONVERT NGINX(ANN("configuration-snippet", "more_set_headers "
  "'X-Frame-Options: DENY';")),
  "Write what the snippet did as Gateway API filters or implementation "
  "settings." },

/* replay: the routing models of route and replay, and the samples */
{ "replay/apisix-default-backend", DIAG_INFO, NULL,
  "the APISIX model makes no route of spec.defaultBackend",
  "As the APISIX Ingress Controller does, the model ignores "
  "spec.defaultBackend: requests no rule matches get 404.",
  RUN("route --model apisix -r http://example.com/ input.yaml")
  ING("web") SPEC("apisix")
  "  defaultBackend: {service: {name: web, port: {number: 80}}}\n",
  "Nothing to do." },
{ "replay/aws-alb-path-skipped", DIAG_WARNING, NULL,
  "the ALB model builds no rule for a path the controller rejects",
  "As the controller does, the model rejects an Exact or Prefix path with "
  "a wildcard ('*' or '?'); the controller then fails to build the whole "
  "IngressGroup. Its requests go to another rule or get 404.",
  RUN("route --model aws-alb -r http://example.com/api/x input.yaml")
  ALB_PATH(, "/api/*", "Prefix"),
  "Use pathType ImplementationSpecific for a wildcard pattern." },
{ "replay/bad-base-url", DIAG_ERROR, NULL,
  "--base-url is not an http:// or https:// URL",
  "Access logs in ingress-nginx's default format record neither the host "
  "nor the scheme of a request; --base-url supplies them, and the port, "
  "for every sample. Only its scheme, host and port are used. replay "
  "stops with exit status 2.",
  RUN("replay --samples samples.jsonl --base-url shop.example.com "
  "input.yaml") NGINX("") FILE_AS("samples.jsonl")
  SAMPLE("http://shop.example.com/"),
  "Give the URL clients used, such as https://shop.example.com." },
{ "replay/bad-log-format", DIAG_ERROR, NULL,
  "the --log-format cannot be used to read the access log",
  "Access-log samples are read with the nginx log_format of the "
  "controller (by default its upstreaminfo format). The format given "
  "cannot be turned into a reader: an unclosed '${', a '$' without a "
  "name, two variables without text between them, or neither $request "
  "nor $request_method with $request_uri.",
  RUN("replay --samples access.log --log-format '$remote_addr$request' "
  "input.yaml") NGINX("") FILE_AS("access.log")
  "10.0.0.1\"GET / HTTP/1.1\"\n",
  "Copy log-format-upstream from the controller's ConfigMap; it must log "
  "$request (or $request_method and $request_uri), with text between "
  "variables." },
{ "replay/bad-regex", DIAG_WARNING, NULL,
  "a regular expression does not compile; it never matches",
  "A RegularExpression match of a Gateway API route, or a regex location "
  "of the ingress-nginx model, does not compile (PCRE2). The model "
  "treats it as never matching: nginx would refuse the whole "
  "configuration, and a Gateway implementation would likely reject the "
  "route.",
  RUN("route -r http://example.com/v1 input.yaml") GATEWAY "---\n"
  HTTPROUTE "  parentRefs: [{name: gw}]\n  rules:\n  - matches: [{path: "
  "{type: RegularExpression, value: '/v(1'}}]\n    backendRefs: [{name: "
  "web, port: 80}]\n",
  "Fix the expression at the position given." },
{ "replay/bad-sample", DIAG_WARNING, NULL,
  "a sample request cannot be read; it is skipped",
  "A line of JSON Lines or of an access log (or an item of YAML samples) "
  "is not a request: not JSON, no url, headers of the wrong shape, a log "
  "line that does not fit the log format. It is counted and skipped; "
  "after 100 such warnings the rest are only counted.",
  RUN("replay --samples samples.jsonl input.yaml") NGINX("")
  FILE_AS("samples.jsonl") SAMPLE("http://example.com/")
  "{\"method\": \"GET\"}\n",
  "Fix or filter the lines; --fail-on bad-sample makes bad samples fail "
  "the run (exit status 1)." },
{ "replay/bad-samples", DIAG_ERROR, NULL,
  "a YAML samples file is not a list of samples",
  "YAML samples are one document holding a list of mappings with the "
  "keys method, url (required), headers (a list of 'Name: value') and "
  "client_ip. Another shape, or another key, stops replay with exit "
  "status 2.",
  RUN("replay --samples samples.yaml input.yaml") NGINX("")
  FILE_AS("samples.yaml")
  "- {url: \"http://example.com/\", header: [\"Accept: text/html\"]}\n",
  "Write a list of samples: '- {method: GET, url: \"http://example.com/\""
  ", headers: [\"Accept: text/html\"]}'." },
{ "replay/f5-nginx-host-collision", DIAG_INFO, NULL,
  "the F5 NGINX model serves a host from its oldest Ingress only",
  "As F5 NGINX does, the model gives each host to the oldest Ingress (or "
  "master) that names it; a newer Ingress's rule for the host is left "
  "out, and its requests go to the older one's locations or get 404.",
  RUN("route --model f5-nginx -r http://example.com/b input.yaml")
  F5CLASS ING("a") AGE("2024-01-01") SPEC("nginx") RULES
  HOST("example.com") PATH("/") "---\n" ING("b") AGE("2024-02-01")
  SPEC("nginx") RULES HOST("example.com") PATH_TO("/b", "Prefix", "b"),
  "Merge the paths into one Ingress, or make them mergeable." },
{ "replay/f5-nginx-ingress-skipped", DIAG_INFO, NULL,
  "the F5 NGINX model serves nothing of an Ingress F5 NGINX rejects",
  "An Ingress that F5 NGINX's admission rejects (no rules, a rule "
  "without host, a value it refuses, a minion without master) has no "
  "location in the model; its requests get 404.",
  RUN("route --model f5-nginx -r http://example.com/ input.yaml")
  F5CLASS ING("web") SPEC("nginx") RULES ANY_HOST PATH("/"),
  "Fix what the message names, as for F5 NGINX itself." },
{ "replay/gce-path-skipped", DIAG_INFO, NULL,
  "the GKE model leaves out a path GKE's URL map rejects",
  "As GKE rejects a URL map with a path that does not start with '/' or "
  "has a star other than a final '/' plus star, the model leaves such a "
  "path out; GKE would keep the load balancer's previous configuration, "
  "which the input does not tell.",
  RUN("route --model gce -r http://example.com/ input.yaml")
  GCE_PATH("/api*", "ImplementationSpecific"),
  "Fix the path, as for GKE itself." },
{ "replay/haproxy-ingress-path-skipped", DIAG_INFO, NULL,
  "the HAProxy Ingress model makes no entry for a path",
  "As the controller does, the model skips a path whose Service the input "
  "lacks (when it lists Services). Its requests go to another path or "
  "get the default backend's 404.",
  RUN("route --model haproxy-ingress -r http://example.com/ input.yaml")
  SERVICE("default", "api") "---\n" HAPI(""),
  "Add the Service to the input, or fix the path's backend." },
{ "replay/haproxy-path-skipped", DIAG_INFO, NULL,
  "the HAProxy model makes no map entry for a path",
  "As the controller does, the model skips a path whose Service the input "
  "lacks (when it lists Services). Its requests go to another path or "
  "get the default backend's 404.",
  RUN("route --model haproxy -r http://example.com/ input.yaml")
  SERVICE("default", "api") "---\n" HAPROXY(""),
  "Add the Service to the input, or fix the path's backend." },
{ "replay/ingress-alias-dropped", DIAG_INFO, NULL,
  "a server-alias names a host that exists; ingress-nginx drops it",
  "ingress-nginx does not add a server-alias that is a host of its own "
  "(in any Ingress): requests for that name are served by that host's "
  "rules, not by the aliased host's. convert leaves such an alias out "
  "too (convert/nginx-alias).",
  RUN("route --model ingress-nginx -r http://www.example.com/ input.yaml")
  ING("a") ANN("server-alias", "www.example.com") SPEC("nginx") RULES
  HOST("example.com") PATH_TO("/", "Prefix", "a") "---\n" ING("b")
  SPEC("nginx") RULES HOST("www.example.com") PATH_TO("/", "Prefix", "b"),
  "Remove the alias, or the rules of the other host." },
{ "replay/ingress-canary-no-service", DIAG_WARNING, NULL,
  "the Service of a canary is not in the input; the canary is left out",
  "The input lists Services, but not the canary's: the ingress-nginx "
  "model leaves the canary out, so every request goes to the primary, "
  "as the controller does when the canary has no endpoints.",
  RUN("route --model ingress-nginx -r http://example.com/ input.yaml")
  SERVICE("default", "web") "---\n" NGINX("") "---\n" ING("web-canary")
  ANNS A("canary", "true") A("canary-weight", "10") SPEC("nginx") RULES
  ANY_HOST PATH_TO("/", "Prefix", "web-v2"),
  "Add the canary's Service to the input, or check its name." },
{ "replay/ingress-canary-unmatched", DIAG_WARNING, NULL,
  "a canary path matches no path of a non-canary Ingress; it is ignored",
  "A canary joins the location with the same host, path and pathType of "
  "a non-canary Ingress. Without one, ingress-nginx ignores the canary "
  "path, and so does the model (convert/nginx-canary-ignored is the "
  "same in the conversion).",
  RUN("route --model ingress-nginx -r http://example.com/ input.yaml")
  NGINX("") "---\n" ING("web-canary") ANNS A("canary", "true")
  A("canary-weight", "50") SPEC("nginx") RULES ANY_HOST
  PATH_TO("/other", "Prefix", "web-v2"),
  "Give the canary the host, path and pathType of its primary "
  "Ingress." },
{ "replay/ingress-other-class", DIAG_INFO, NULL,
  "an Ingress ingress-nginx does not serve is left out of the model",
  "The ingress-nginx model serves the Ingresses whose IngressClass names "
  "the controller k8s.io/ingress-nginx, or of class nginx when there is "
  "no IngressClass of that name (and, with "
  "--watch-ingress-without-class, those without class). Other Ingresses "
  "are left out, as the controller ignores them.",
  RUN("replay --generate input.yaml") NGINX("") "---\n" ING("blog")
  SPEC("traefik") RULES HOST("blog.example.com") PATH("/"),
  "Nothing, if another controller serves the Ingress; otherwise set its "
  "class, or use --watch-ingress-without-class for Ingresses without "
  "one." },
{ "replay/ingress-path-conflict", DIAG_WARNING, NULL,
  "two Ingresses define the same host, path and pathType",
  "ingress-nginx keeps the location of the first Ingress in its order "
  "(oldest creationTimestamp, then namespace/name descending); the model "
  "routes the path to that one only. convert reports the same as "
  "convert/nginx-path-shadowed, lint as ingress/host-path-conflict.",
  RUN("route --model ingress-nginx -r http://example.com/ input.yaml")
  ING("old") AGE("2024-01-01") SPEC("nginx") RULES HOST("example.com")
  PATH_TO("/", "Prefix", "v1") "---\n" ING("new") AGE("2024-06-01")
  SPEC("nginx") RULES HOST("example.com") PATH_TO("/", "Prefix", "v2"),
  "Remove the path from one of the Ingresses; to share traffic, make "
  "the later one a canary." },
{ "replay/ingress-resource-backend", DIAG_INFO, NULL,
  "ingress-nginx skips a path with a resource backend",
  "ingress-nginx routes to Services only: a path whose backend is a "
  "resource (apiGroup, kind, name) is skipped, and its requests go to "
  "the next location that matches them (convert/resource-backend in the "
  "conversion).",
  RUN("route --model ingress-nginx -r http://example.com/images "
  "input.yaml") ING("assets") SPEC("nginx") RULES ANY_HOST
  "      - path: /images\n        pathType: Prefix\n        backend: "
  "{resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: "
  "images}}\n" PATH("/"),
  "Nothing; put a Service in front of the resource if nginx should "
  "route to it." },
{ "replay/kong-route-skipped", DIAG_INFO, NULL,
  "the Kong model builds no route for a path",
  "As KIC does, the model makes no Kong route for a path whose Service "
  "the input lacks (when it lists Services) or whose Service has an "
  "invalid konghq.com/protocol; and Kong rejects a regex path that does "
  "not compile. Their requests go to another route or get 404.",
  RUN("route --model kong -r http://example.com/ input.yaml")
  SERVICE("default", "api") "---\n" KONG(""),
  "Fix what the message names, as for KIC itself." },
{ "replay/no-ingress", DIAG_ERROR, NULL,
  "nothing to replay: no Ingress that the controller serves",
  "'replay FILE...' and 'replay --generate' convert the Ingresses that "
  "the controller serves (ingress-nginx, or Traefik: the one their "
  "classes name, or --model) and compare the two routing models. An "
  "input without Ingress, or whose Ingresses are all of other classes, "
  "leaves nothing to compare; replay stops with exit status 2.",
  RUN("replay --generate input.yaml") SERVICE("default", "web"),
  "Give the files that hold the Ingresses, or compare two "
  "configurations with --ingress-file FILE and --gateway-file FILE." },
{ "replay/no-routing-objects", DIAG_ERROR, NULL,
  "a side of the replay has neither Ingress nor Gateway API objects",
  "--ingress-file and --gateway-file each need routing objects: "
  "Ingresses (with "
  "IngressClasses and Services) for the ingress-nginx model, Gateways "
  "and routes for the Gateway API model. The file given has none; "
  "replay stops with exit status 2.",
  RUN("replay --ingress-file input.yaml --gateway-file gateway.yaml "
  "--samples "
  "samples.jsonl") NGINX("") FILE_AS("gateway.yaml")
  SERVICE("default", "web") FILE_AS("samples.jsonl")
  SAMPLE("http://example.com/"),
  "Check the files given to --ingress-file and --gateway-file." },
{ "replay/regex-undecided", DIAG_WARNING, NULL,
  "a regular expression could not be evaluated on a request",
  "PCRE2 stopped on a regular expression (its match, depth or heap "
  "limit, or the JIT stack, as a long path can exhaust). The routing "
  "model cannot tell whether the location or rule matches: the decision "
  "is undecided, shown with that regex taken as no match, and replay "
  "counts it as a difference that nothing explains, never as a silent "
  "miss.",
  RUN("route --model ingress-nginx -r http://example.com/x/aaaa... "
  "input.yaml")
  NGINX(ANN("use-regex", "true")),
  "Simplify the regular expression (avoid nested repetition), or check "
  "the request by hand." },
{ "replay/replace-prefix-match", DIAG_WARNING, NULL,
  "ReplacePrefixMatch without exactly one PathPrefix match",
  "A URLRewrite or RequestRedirect with ReplacePrefixMatch needs its rule "
  "to have exactly one match, of type PathPrefix. The Gateway API model "
  "does not accept such a route, as implementations should not, so it "
  "routes no request (lint reports it as route/prefix-match).",
  RUN("route -r http://example.com/old input.yaml") GATEWAY "---\n"
  HTTPROUTE "  parentRefs: [{name: gw}]\n  rules:\n  - matches: [{path: "
  "{type: Exact, value: /old}}]\n    filters: [{type: URLRewrite, "
  "urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: "
  "/new}}}]\n    backendRefs: [{name: web, port: 80}]\n",
  "Make the match a single PathPrefix, or use ReplaceFullPath." },
{ "replay/route-not-attached", DIAG_INFO, NULL,
  "a route attaches to no listener; it serves no request",
  "The route's parentRefs select no listener of the Gateways in the "
  "input: the Gateway is missing, or its sectionName, port, hostnames or "
  "allowedRoutes exclude the route. The Gateway API model routes no "
  "request through it.",
  RUN("route -r http://example.com/ input.yaml") GATEWAY "---\n"
  HTTPROUTE "  parentRefs: [{name: gateway}]\n  rules:\n  - backendRefs: "
  "[{name: web, port: 80}]\n",
  "Check the parentRefs against the Gateways; 'ing2gw lint' tells the "
  "reason (ref/parent-not-found, ref/no-matching-parent, "
  "ref/not-allowed...)." },
{ "replay/traefik-router-skipped", DIAG_INFO, NULL,
  "the Traefik model builds no router for a path or an Ingress",
  "As Traefik does, the model skips a path whose Service the input lacks "
  "(when it lists Services), whose port the Service lacks, or whose "
  "Service annotations do not parse; a path of an unknown "
  "router.pathmatcher; a second Ingress without rules with a "
  "defaultBackend; and the routers of an Ingress naming a middleware "
  "without provider. Their requests go to another router or get 404.",
  RUN("route --model traefik -r http://example.com/ input.yaml")
  SERVICE("default", "api") "---\n" TRAEFIK(""),
  "Fix what the message names, as for Traefik itself." },
{ "shadow/no-gateway-api", DIAG_ERROR, NULL,
  "shadow --gateway-file has no Gateway API objects",
  "With --ingress-file and --gateway-file, shadow routes each request "
  "through the "
  "ingress-nginx model and the Gateway API model to tell predicted "
  "differences from unexpected ones. The file given to --gateway-file "
  "has no "
  "Gateway or route; shadow stops with exit status 2 before it sends "
  "anything.",
  RUN("shadow --ingress-address 127.0.0.1:9 --gateway-address "
  "127.0.0.1:9 --ingress-file input.yaml --gateway-file gateway.yaml "
  "--generate "
  "input.yaml") NGINX("") FILE_AS("gateway.yaml")
  SERVICE("default", "web"),
  "Give --gateway-file the output of 'ing2gw convert' for the same Ingresses "
  "(or the Gateway API objects the new Gateway runs)." },
{ "shadow/no-ingress", DIAG_ERROR, NULL,
  "shadow --ingress-file has no Ingress objects",
  "The predictions route each request through the ingress-nginx model, "
  "which needs the Ingress objects the old controller serves. The file "
  "given to --ingress has none; shadow stops with exit status 2 before "
  "it sends anything.",
  RUN("shadow --ingress-address 127.0.0.1:9 --gateway-address "
  "127.0.0.1:9 --ingress-file input.yaml --gateway-file input.yaml "
  "--generate "
  "input.yaml") SERVICE("default", "web"),
  "Give --ingress the Ingress backup (kubectl get ingress,ingressclass,"
  "service -A -o yaml)." },
{ "shadow/traffic-split", DIAG_INFO, NULL,
  "the data planes chose different backends of one traffic split",
  "Both models agree that the request is split between weighted "
  "backends (a canary, a weighted route): each data plane picks one "
  "backend per request, so the backends that answered, and what they "
  "echoed, may differ without any difference of configuration. shadow "
  "reports such a difference as explained by this rule.",
  RUN("shadow --ingress-address 127.0.0.1:9 --gateway-address "
  "127.0.0.1:9 --generate input.yaml") SERVICE("default", "web"),
  "Nothing to do; send more requests to see both shares." },
};

const struct diag_rule *
diag_rules(size_t *n_out)
{
	*n_out = ARRAY_LEN(rules);
	return rules;
}

const struct diag_rule *
diag_rule_find(const char *id)
{
	for (size_t i = 0; i < ARRAY_LEN(rules); i++)
		if (!strcmp(rules[i].id, id))
			return &rules[i];
	return NULL;
}

enum diag_area
diag_rule_area(const struct diag_rule *r)
{
	if (!strncmp(r->id, "input/", 6))
		return DIAG_AREA_INPUT;
	/* shadow compares live data planes with replay's models */
	if (!strncmp(r->id, "replay/", 7) || !strncmp(r->id, "shadow/", 7))
		return DIAG_AREA_REPLAY;
	return DIAG_AREA_CONVERT;	/* convert/ and nginx/ */
}

const char *
diag_area_name(enum diag_area a)
{
	switch (a) {
	case DIAG_AREA_INPUT: return "input";
	case DIAG_AREA_CONVERT: return "convert";
	case DIAG_AREA_REPLAY: return "replay";
	}
	return "unknown";
}

size_t
diag_rule_distance(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b), row[80], diag, up;

	if (na >= ARRAY_LEN(row) || nb >= ARRAY_LEN(row))
		return (size_t)-1;
	for (size_t j = 0; j <= nb; j++)
		row[j] = j;
	for (size_t i = 1; i <= na; i++) {
		diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t best = diag + (a[i - 1] != b[j - 1]);

			up = row[j];
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[nb];
}
