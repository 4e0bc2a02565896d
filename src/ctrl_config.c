/* ctrl_config.c - the Ingress-NGINX controller ConfigMap (see ctrl_config.h).
 *
 * Facts: ../shared/reference/ingress-nginx.md 2.6, 3.2 and 5 (the keys
 * and their defaults, controller v1.15.1 / dbb11b92),
 * ../shared/reference/higress-plugins.md 4 ('higress-config': keys,
 * types, ranges, and the mapping of 4.3).
 */
#include "ctrl_config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "govalid.h"
#include "scalar.h"
#include "snippet.h"
#include "util.h"

#define GLOBAL_AUTH "global external auth ('global-auth-url' and its keys) has no Higress counterpart: "

/* The key table, sorted by name in byte order (ctrl_key_find searches it;
 * 'Resolver' comes first). sev is the severity of the key's finding.
 *
 * The keys are those of ingress-nginx dbb11b92 (v1.15.x): the json tags of
 * Configuration, internal/ingress/controller/config/config.go:90-748
 * (defaults: NewDefault, config.go:751-923), of defaults.Backend squashed
 * into it, internal/ingress/defaults/main.go:24-192, and the keys ReadConfig
 * takes by hand, internal/ingress/controller/template/configmap.go:42-71.
 * ReadConfig decodes the rest with mapstructure (WeaklyTypedInput,
 * configmap.go:454-468): a key it does not know is ignored silently; a
 * value it cannot convert leaves that field at its default and logs a
 * warning, the other keys still apply. testdata/controller-configmap-keys.txt
 * holds the list; test_ctrl_config.c fails when a row is missing. Rows with
 * a file:line comment were added from that reading. Removed keys that old
 * ConfigMaps still carry are rows too (v1.15 ignores them): 'plugins'
 * (third-party Lua plugins, removed in v1.12 by 3bec99ec),
 * 'global-rate-limit-*' (removed in v1.12 by 21cd966d), the OpenTracing
 * keys 'enable-opentracing', 'opentracing-*', 'jaeger-*', 'zipkin-*' and
 * 'datadog-*' (removed in v1.10 by 30820a5a) and 'use-geoip' (legacy
 * GeoIP, removed in v1.10 by cbed4c68): every json tag of config.go and
 * defaults/main.go at a controller-v1.N.0 tag since v1.0.0 that v1.15 has
 * not; testdata/controller-configmap-removed-keys.txt lists them. */
static const struct ctrl_key keys[] = {
	{ "Resolver", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "the controller overwrites it with the nameservers of its resolv.conf" },	/* defaults/main.go:115, nginx.go:682 */
	{ "access-log-params", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "nginx's access log; Higress logs with Envoy's access log" },
	{ "access-log-path", CTRL_NGINX, CTRL_TEXT, SEV_INFO, "/var/log/nginx/access.log", "nginx's access log; Higress logs with Envoy's access log" },
	{ "add-headers", CTRL_LOST, CTRL_TEXT, SEV_WARNING, NULL, "response headers from a ConfigMap added to every response: no global counterpart; add them per Ingress with 'higress.io/response-header-control-add'" },
	{ "allow-backend-server-header", CTRL_LOST, CTRL_BOOL, SEV_INFO, "false", "Envoy passes the backend's 'Server' header on" },
	{ "allow-cross-namespace-resources", CTRL_LOST, CTRL_BOOL, SEV_WARNING, "false", "Higress does not stop annotations from naming Secrets of other namespaces" },
	{ "allow-snippet-annotations", CTRL_LOST, CTRL_BOOL, SEV_INFO, "false", "Higress reads no snippet annotation; each snippet's own findings say what is kept" },
	{ "annotation-value-word-blocklist", CTRL_LOST, CTRL_TEXT, SEV_WARNING, NULL, "Higress does not refuse annotation values with these words; the injection findings check the values" },
	{ "annotations-risk-level", CTRL_LOST, CTRL_TEXT, SEV_WARNING, "High", "Higress has no risk gate: an annotation this level refused would apply" },
	{ "app-root", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "decoded, but the controller reads only the 'app-root' annotation" },	/* defaults/main.go:26, annotations/rewrite/main.go:183 */
	{ "bind-address", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "nginx's listen addresses (split into 'bind-address-ipv4'/'-ipv6', bad addresses dropped with a warning); the Higress gateway Service decides" },	/* template/configmap.go:47,198-212 */
	{ "bind-address-ipv4", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "nginx's listen addresses; the Higress gateway Service decides" },
	{ "bind-address-ipv6", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "nginx's listen addresses; the Higress gateway Service decides" },
	{ "block-cidrs", CTRL_LOST, CTRL_TEXT, SEV_ERROR, NULL, "clients of these ranges were refused everywhere; Higress has no global block: they get through unless each Ingress gets an ip-restriction deny list ('denylist-source-range')" },
	{ "block-referers", CTRL_LOST, CTRL_TEXT, SEV_ERROR, NULL, "requests with these referers were refused everywhere; Higress has no global block (the request-block plugin does it)" },
	{ "block-user-agents", CTRL_LOST, CTRL_TEXT, SEV_ERROR, NULL, "requests with these user agents were refused everywhere; Higress has no global block (the request-block plugin does it)" },
	{ "brotli-level", CTRL_LOST, CTRL_UINT, SEV_INFO, "4", "Higress compresses with gzip only" },
	{ "brotli-min-length", CTRL_LOST, CTRL_UINT, SEV_INFO, "20", "Higress compresses with gzip only" },
	{ "brotli-types", CTRL_LOST, CTRL_TEXT, SEV_INFO, NULL, "Higress compresses with gzip only" },
	{ "client-body-buffer-size", CTRL_NGINX, CTRL_SIZE, SEV_INFO, "8k", "nginx's request body buffer; Envoy streams bodies" },
	{ "client-body-timeout", CTRL_LOST, CTRL_UINT, SEV_INFO, "60", "no client body read timeout in higress-config" },
	{ "client-header-buffer-size", CTRL_NGINX, CTRL_SIZE, SEV_INFO, "1k", "folded into 'large-client-header-buffers' (higress-config 'downstream.maxRequestHeadersKb')" },
	{ "client-header-timeout", CTRL_LOST, CTRL_UINT, SEV_INFO, "60", "no client header read timeout in higress-config" },
	{ "compute-full-forwarded-for", CTRL_LOST, CTRL_BOOL, SEV_INFO, "false", "Envoy appends the client address to X-Forwarded-For itself; no setting in higress-config" },
	{ "custom-http-errors", CTRL_LOST, CTRL_TEXT, SEV_WARNING, NULL, "error pages of the default backend for these codes on every location: no global counterpart; per Ingress 'custom-http-errors' with 'default-backend'" },
	{ "datadog-collector-host", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress has no Datadog tracer (higress-config 'tracing' has opentelemetry, zipkin and skywalking tracers)" },
	{ "datadog-collector-port", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress has no Datadog tracer (higress-config 'tracing' has opentelemetry, zipkin and skywalking tracers)" },
	{ "datadog-environment", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress has no Datadog tracer (higress-config 'tracing' has opentelemetry, zipkin and skywalking tracers)" },
	{ "datadog-operation-name-override", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress has no Datadog tracer (higress-config 'tracing' has opentelemetry, zipkin and skywalking tracers)" },
	{ "datadog-priority-sampling", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress has no Datadog tracer (higress-config 'tracing' has opentelemetry, zipkin and skywalking tracers)" },
	{ "datadog-sample-rate", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress has no Datadog tracer (higress-config 'tracing' has opentelemetry, zipkin and skywalking tracers)" },
	{ "datadog-service-name", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress has no Datadog tracer (higress-config 'tracing' has opentelemetry, zipkin and skywalking tracers)" },
	{ "debug-connections", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "nginx's debug log (entries that are not an IP or CIDR are dropped with a warning)" },	/* config.go:736, template/configmap.go:420-436 */
	{ "default-type", CTRL_NGINX, CTRL_TEXT, SEV_INFO, "text/html", "nginx's 'default_type' for responses without a type" },	/* config.go:731 */
	{ "denylist-source-range", CTRL_LOST, CTRL_TEXT, SEV_ERROR, NULL, "every location denied these ranges unless its Ingress set its own list; Higress has no global deny list: add 'denylist-source-range' (an ip-restriction plugin) to the Ingresses" },
	{ "disable-access-log", CTRL_NGINX, CTRL_BOOL, SEV_INFO, "false", "nginx's access log; Higress logs with Envoy's access log" },
	{ "disable-http-access-log", CTRL_NGINX, CTRL_BOOL, SEV_INFO, "false", "nginx's access log" },	/* config.go:195 */
	{ "disable-ipv6", CTRL_NGINX, CTRL_BOOL, SEV_INFO, "false", "nginx's listeners; the Higress gateway Service decides" },
	{ "disable-ipv6-dns", CTRL_NGINX, CTRL_BOOL, SEV_INFO, "false", "nginx's resolver" },
	{ "disable-proxy-intercept-errors", CTRL_LOST, CTRL_BOOL, SEV_INFO, "false", "goes with 'custom-http-errors', which has no global counterpart" },
	{ "disable-stream-access-log", CTRL_NGINX, CTRL_BOOL, SEV_INFO, "false", "nginx's stream access log" },	/* config.go:199 */
	{ "enable-access-log-for-default-backend", CTRL_NGINX, CTRL_BOOL, SEV_INFO, "false", "nginx's access log" },
	{ "enable-aio-write", CTRL_NGINX, CTRL_BOOL, SEV_INFO, "true", "nginx's file writes" },	/* config.go:421 */
	{ "enable-auth-access-log", CTRL_NGINX, CTRL_BOOL, SEV_INFO, "false", "nginx's access log of external-auth subrequests" },	/* config.go:131 */
	{ "enable-brotli", CTRL_LOST, CTRL_BOOL, SEV_INFO, "false", "Higress compresses with gzip only" },
	{ "enable-modsecurity", CTRL_LOST, CTRL_BOOL, SEV_WARNING, "false", "no ModSecurity in Higress (the waf plugin runs Coraza)" },
	{ "enable-multi-accept", CTRL_NGINX, CTRL_BOOL, SEV_INFO, "true", "nginx's workers" },	/* config.go:299 */
	{ "enable-ocsp", CTRL_NGINX, CTRL_BOOL, SEV_INFO, "false", "nginx's OCSP stapling" },
	{ "enable-opentelemetry", CTRL_HIGRESS, CTRL_BOOL, SEV_INFO, "false", "higress-config 'tracing'" },
	{ "enable-opentracing", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress traces through higress-config 'tracing' (opentelemetry, zipkin or skywalking), where the controller's 'enable-opentelemetry' keys are carried" },
	{ "enable-owasp-modsecurity-crs", CTRL_LOST, CTRL_BOOL, SEV_WARNING, "false", "no ModSecurity in Higress: the OWASP rules no longer run (the waf plugin runs Coraza with them)" },
	{ "enable-real-ip", CTRL_DEFAULT, CTRL_BOOL, SEV_INFO, "false", "the client address came from 'forwarded-for-header'" },
	{ "enable-serial-reloads", CTRL_NGINX, CTRL_BOOL, SEV_INFO, "false", "nginx's reloads (a bad value is read as false with a warning)" },	/* config.go:478, template/configmap.go:409-418 */
	{ "enable-syslog", CTRL_NGINX, CTRL_BOOL, SEV_INFO, "false", "nginx's logs to syslog; Higress logs with Envoy's access log" },	/* config.go:685 */
	{ "enable-underscores-in-headers", CTRL_LOST, CTRL_BOOL, SEV_WARNING, "false", "Envoy forwards request headers with '_' in their names, which nginx dropped unless this was true" },
	{ "error-log-level", CTRL_NGINX, CTRL_TEXT, SEV_INFO, "notice", "nginx's error log" },
	{ "error-log-path", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "nginx's error log" },
	{ "force-ssl-redirect", CTRL_DEFAULT, CTRL_BOOL, SEV_INFO, "false", "the HTTPS redirect of every request, TLS host or not" },
	{ "forwarded-for-header", CTRL_DEFAULT, CTRL_TEXT, SEV_INFO, "X-Forwarded-For", "the header the client address is read from when forwarded headers are trusted" },
	{ "forwarded-for-proxy-protocol-header", CTRL_NGINX, CTRL_TEXT, SEV_INFO, "X-Forwarded-For-Proxy-Protocol", "nginx's internal hop for SSL passthrough" },	/* config.go:574 */
	{ "forwarded-host-header", CTRL_LOST, CTRL_TEXT, SEV_INFO, "X-Forwarded-Host", "the header 'X-Original-Forwarded-Host' was copied from; Envoy passes 'X-Forwarded-Host' on unchanged" },	/* config.go:578 */
	{ "generate-request-id", CTRL_LOST, CTRL_BOOL, SEV_INFO, "true", "Envoy makes its own 'x-request-id'" },
	{ "geoip2-autoreload-in-minutes", CTRL_NGINX, CTRL_UINT, SEV_INFO, "0", "GeoIP2 database reloads (no GeoIP in Higress)" },	/* config.go:433 */
	{ "global-allowed-response-headers", CTRL_LOST, CTRL_TEXT, SEV_INFO, NULL, "Higress has no 'custom-headers' allow-list" },
	{ "global-auth-always-set-cookie", CTRL_LOST, CTRL_BOOL, SEV_WARNING, "false", GLOBAL_AUTH "part of it" },
	{ "global-auth-cache-duration", CTRL_LOST, CTRL_TEXT, SEV_WARNING, "200 202 401 5m", GLOBAL_AUTH "part of it" },
	{ "global-auth-cache-key", CTRL_LOST, CTRL_TEXT, SEV_WARNING, NULL, GLOBAL_AUTH "part of it" },
	{ "global-auth-method", CTRL_LOST, CTRL_TEXT, SEV_WARNING, NULL, GLOBAL_AUTH "part of it" },
	{ "global-auth-request-redirect", CTRL_LOST, CTRL_TEXT, SEV_WARNING, NULL, GLOBAL_AUTH "part of it" },
	{ "global-auth-response-headers", CTRL_LOST, CTRL_TEXT, SEV_WARNING, NULL, GLOBAL_AUTH "part of it" },
	{ "global-auth-signin", CTRL_LOST, CTRL_TEXT, SEV_WARNING, NULL, GLOBAL_AUTH "part of it" },
	{ "global-auth-signin-redirect-param", CTRL_LOST, CTRL_TEXT, SEV_WARNING, "rd", GLOBAL_AUTH "part of it" },
	{ "global-auth-snippet", CTRL_SNIPPET, CTRL_TEXT, SEV_CRITICAL, NULL, "nginx directives in the global external-auth location" },
	{ "global-auth-url", CTRL_LOST, CTRL_TEXT, SEV_CRITICAL, NULL, "every location was behind this external auth (unless 'enable-global-auth: \"false\"'); on Higress nothing is: the routes are open unless each Ingress gets 'auth-url' (an ext-auth plugin)" },
	{ "global-external-auth", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "not a key to set: the decoder cannot read a string into this structure, logs a warning and ignores it (the 'global-auth-*' keys set global auth)" },	/* config.go:702, template/configmap.go:465-468 */
	{ "global-rate-limit-memcached-connect-timeout", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.12 with global rate limiting (21cd966d); v1.15 ignores it" },
	{ "global-rate-limit-memcached-host", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.12 with global rate limiting (21cd966d); v1.15 ignores it" },
	{ "global-rate-limit-memcached-max-idle-timeout", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.12 with global rate limiting (21cd966d); v1.15 ignores it" },
	{ "global-rate-limit-memcached-pool-size", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.12 with global rate limiting (21cd966d); v1.15 ignores it" },
	{ "global-rate-limit-memcached-port", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.12 with global rate limiting (21cd966d); v1.15 ignores it" },
	{ "global-rate-limit-status-code", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.12 with global rate limiting (21cd966d); v1.15 ignores it" },
	{ "grpc-buffer-size-kb", CTRL_NGINX, CTRL_UINT, SEV_INFO, "0", "nginx's gRPC response buffer" },	/* config.go:747 */
	{ "gzip-disable", CTRL_LOST, CTRL_TEXT, SEV_INFO, NULL, "no user-agent exception for compression in higress-config" },
	{ "gzip-level", CTRL_HIGRESS, CTRL_UINT, SEV_INFO, "1", "higress-config 'gzip.compressionLevel'" },
	{ "gzip-min-length", CTRL_HIGRESS, CTRL_UINT, SEV_INFO, "256", "higress-config 'gzip.minContentLength'" },
	{ "gzip-types", CTRL_HIGRESS, CTRL_TEXT, SEV_INFO, NULL, "higress-config 'gzip.contentType'" },
	{ "hide-headers", CTRL_LOST, CTRL_TEXT, SEV_WARNING, NULL, "backend response headers hidden everywhere: no global counterpart; per Ingress 'higress.io/response-header-control-remove'" },
	{ "hsts", CTRL_DEFAULT, CTRL_BOOL, SEV_INFO, "true", "the 'Strict-Transport-Security' header of HTTPS responses" },
	{ "hsts-include-subdomains", CTRL_DEFAULT, CTRL_BOOL, SEV_INFO, "true", "'includeSubDomains' in the HSTS header" },
	{ "hsts-max-age", CTRL_DEFAULT, CTRL_UINT, SEV_INFO, "31536000", "'max-age' of the HSTS header" },
	{ "hsts-preload", CTRL_DEFAULT, CTRL_BOOL, SEV_INFO, "false", "'preload' in the HSTS header" },
	{ "http-access-log-path", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "nginx's access log; Higress logs with Envoy's access log" },	/* config.go:141 */
	{ "http-redirect-code", CTRL_LOST, CTRL_UINT, SEV_INFO, "308", "Higress's HTTPS redirect answers 308 always" },
	{ "http-snippet", CTRL_SNIPPET, CTRL_TEXT, SEV_CRITICAL, NULL, "nginx directives in the http block" },
	{ "http2-max-concurrent-streams", CTRL_HIGRESS, CTRL_UINT, SEV_INFO, "128", "higress-config 'downstream.http2.maxConcurrentStreams'" },
	{ "http2-max-field-size", CTRL_NGINX, CTRL_SIZE, SEV_INFO, NULL, "deprecated in nginx; 'large-client-header-buffers' sets the limit" },
	{ "http2-max-header-size", CTRL_NGINX, CTRL_SIZE, SEV_INFO, NULL, "deprecated in nginx; 'large-client-header-buffers' sets the limit" },
	{ "http2-max-requests", CTRL_NGINX, CTRL_UINT, SEV_INFO, "0", "deprecated in nginx; 'keep-alive-requests' sets the limit" },	/* config.go:241 */
	{ "ignore-invalid-headers", CTRL_LOST, CTRL_BOOL, SEV_INFO, "true", "Envoy rejects requests with invalid header names instead of dropping the header" },
	{ "jaeger-baggage-header", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress has no Jaeger tracer (higress-config 'tracing' has opentelemetry, zipkin and skywalking tracers)" },
	{ "jaeger-collector-host", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress has no Jaeger tracer (higress-config 'tracing' has opentelemetry, zipkin and skywalking tracers)" },
	{ "jaeger-collector-port", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress has no Jaeger tracer (higress-config 'tracing' has opentelemetry, zipkin and skywalking tracers)" },
	{ "jaeger-debug-header", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress has no Jaeger tracer (higress-config 'tracing' has opentelemetry, zipkin and skywalking tracers)" },
	{ "jaeger-endpoint", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress has no Jaeger tracer (higress-config 'tracing' has opentelemetry, zipkin and skywalking tracers)" },
	{ "jaeger-propagation-format", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress has no Jaeger tracer (higress-config 'tracing' has opentelemetry, zipkin and skywalking tracers)" },
	{ "jaeger-sampler-host", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress has no Jaeger tracer (higress-config 'tracing' has opentelemetry, zipkin and skywalking tracers)" },
	{ "jaeger-sampler-param", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress has no Jaeger tracer (higress-config 'tracing' has opentelemetry, zipkin and skywalking tracers)" },
	{ "jaeger-sampler-port", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress has no Jaeger tracer (higress-config 'tracing' has opentelemetry, zipkin and skywalking tracers)" },
	{ "jaeger-sampler-type", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress has no Jaeger tracer (higress-config 'tracing' has opentelemetry, zipkin and skywalking tracers)" },
	{ "jaeger-service-name", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress has no Jaeger tracer (higress-config 'tracing' has opentelemetry, zipkin and skywalking tracers)" },
	{ "jaeger-trace-context-header-name", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress has no Jaeger tracer (higress-config 'tracing' has opentelemetry, zipkin and skywalking tracers)" },
	{ "jaeger-tracer-baggage-header-prefix", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress has no Jaeger tracer (higress-config 'tracing' has opentelemetry, zipkin and skywalking tracers)" },
	{ "keep-alive", CTRL_HIGRESS, CTRL_UINT, SEV_INFO, "75", "higress-config 'downstream.idleTimeout' (also the per-stream idle timeout)" },
	{ "keep-alive-requests", CTRL_LOST, CTRL_UINT, SEV_INFO, "1000", "no limit of requests per client connection in higress-config" },
	{ "large-client-header-buffers", CTRL_HIGRESS, CTRL_TEXT, SEV_INFO, "4 8k", "higress-config 'downstream.maxRequestHeadersKb'" },
	{ "limit-conn-status-code", CTRL_LOST, CTRL_UINT, SEV_INFO, "503", "the rate-limit plugins set their own status" },
	{ "limit-conn-zone-variable", CTRL_LOST, CTRL_TEXT, SEV_INFO, "$binary_remote_addr", "what the per-Ingress 'limit-rps', 'limit-rpm' and 'limit-connections' counted by; the Higress rate-limit plugins count by client address" },	/* config.go:514, nginx.tmpl:552 */
	{ "limit-rate", CTRL_LOST, CTRL_UINT, SEV_WARNING, "0", "a response bandwidth limit: no counterpart" },
	{ "limit-rate-after", CTRL_LOST, CTRL_UINT, SEV_INFO, "0", "a response bandwidth limit: no counterpart" },
	{ "limit-req-status-code", CTRL_LOST, CTRL_UINT, SEV_INFO, "503", "the rate-limit plugins answer with their own 'rejected_code'" },
	{ "load-balance", CTRL_LOST, CTRL_TEXT, SEV_INFO, "round_robin", "Higress balances round robin unless an Ingress sets 'higress.io/load-balance'" },
	{ "location-snippet", CTRL_SNIPPET, CTRL_TEXT, SEV_CRITICAL, NULL, "nginx directives in every location" },
	{ "log-format-escape-json", CTRL_NGINX, CTRL_BOOL, SEV_INFO, "false", "nginx's access log" },
	{ "log-format-escape-none", CTRL_NGINX, CTRL_BOOL, SEV_INFO, "false", "nginx's access log" },
	{ "log-format-stream", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "nginx's access log" },
	{ "log-format-upstream", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "nginx's access log; Higress logs with Envoy's access log format" },
	{ "lua-shared-dicts", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "nginx's Lua shared memory (bad entries are ignored with an error)" },	/* config.go:717, template/configmap.go:124-151 */
	{ "main-snippet", CTRL_SNIPPET, CTRL_TEXT, SEV_CRITICAL, NULL, "nginx directives in the main context" },
	{ "map-hash-bucket-size", CTRL_NGINX, CTRL_UINT, SEV_INFO, NULL, "nginx's hash tables" },
	{ "max-worker-connections", CTRL_NGINX, CTRL_UINT, SEV_INFO, "16384", "nginx's workers" },
	{ "max-worker-open-files", CTRL_NGINX, CTRL_UINT, SEV_INFO, "0", "nginx's workers" },
	{ "modsecurity-snippet", CTRL_SNIPPET, CTRL_TEXT, SEV_CRITICAL, NULL, "ModSecurity rules" },
	{ "nginx-status-ipv4-whitelist", CTRL_NGINX, CTRL_TEXT, SEV_INFO, "127.0.0.1", "nginx's status page" },	/* config.go:316, template/configmap.go:390-393 */
	{ "nginx-status-ipv6-whitelist", CTRL_NGINX, CTRL_TEXT, SEV_INFO, "::1", "nginx's status page" },	/* config.go:317, template/configmap.go:395-398 */
	{ "no-auth-locations", CTRL_LOST, CTRL_TEXT, SEV_WARNING, "/.well-known/acme-challenge", GLOBAL_AUTH "part of it" },
	{ "no-tls-redirect-locations", CTRL_LOST, CTRL_TEXT, SEV_INFO, "/.well-known/acme-challenge", "Higress's HTTPS redirect has no exempt paths" },
	{ "opentelemetry-config", CTRL_NGINX, CTRL_TEXT, SEV_INFO, "/etc/ingress-controller/telemetry/opentelemetry.toml", "nginx's OpenTelemetry module file" },	/* config.go:598 */
	{ "opentelemetry-operation-name", CTRL_LOST, CTRL_TEXT, SEV_INFO, NULL, "span names: Higress names its spans itself" },	/* config.go:601, template.go:1248 */
	{ "opentelemetry-trust-incoming-span", CTRL_LOST, CTRL_BOOL, SEV_INFO, "true", "no setting for incoming trace context in higress-config 'tracing'" },	/* config.go:606 */
	{ "opentracing-location-operation-name", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress traces through higress-config 'tracing' (opentelemetry, zipkin or skywalking), where the controller's 'enable-opentelemetry' keys are carried" },
	{ "opentracing-operation-name", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress traces through higress-config 'tracing' (opentelemetry, zipkin or skywalking), where the controller's 'enable-opentelemetry' keys are carried" },
	{ "opentracing-trust-incoming-span", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress traces through higress-config 'tracing' (opentelemetry, zipkin or skywalking), where the controller's 'enable-opentelemetry' keys are carried" },
	{ "otel-max-export-batch-size", CTRL_NGINX, CTRL_UINT, SEV_INFO, "512", "nginx's OpenTelemetry exporter batching" },	/* config.go:641 */
	{ "otel-max-queuesize", CTRL_NGINX, CTRL_UINT, SEV_INFO, "2048", "nginx's OpenTelemetry exporter batching" },	/* config.go:633 */
	{ "otel-sampler", CTRL_HIGRESS, CTRL_TEXT, SEV_INFO, "AlwaysOn", "higress-config 'tracing.sampling'" },
	{ "otel-sampler-parent-based", CTRL_LOST, CTRL_BOOL, SEV_INFO, "true", "no parent-based sampling in higress-config" },
	{ "otel-sampler-ratio", CTRL_HIGRESS, CTRL_FLOAT, SEV_INFO, "0.01", "higress-config 'tracing.sampling' (percent)" },
	{ "otel-schedule-delay-millis", CTRL_NGINX, CTRL_UINT, SEV_INFO, "5000", "nginx's OpenTelemetry exporter batching" },	/* config.go:637 */
	{ "otel-service-name", CTRL_LOST, CTRL_TEXT, SEV_INFO, "nginx", "Higress names its spans 'higress-gateway.NAMESPACE'" },
	{ "otlp-collector-host", CTRL_HIGRESS, CTRL_TEXT, SEV_INFO, NULL, "higress-config 'tracing.opentelemetry.service'" },
	{ "otlp-collector-port", CTRL_HIGRESS, CTRL_UINT, SEV_INFO, "4317", "higress-config 'tracing.opentelemetry.port'" },
	{ "plugins", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.12 with third-party Lua plugins (3bec99ec); v1.15 ignores it" },
	{ "preserve-trailing-slash", CTRL_LOST, CTRL_BOOL, SEV_INFO, "false", "Higress's HTTPS redirect keeps the path as it is" },
	{ "proxy-add-original-uri-header", CTRL_LOST, CTRL_BOOL, SEV_INFO, "false", "no 'X-Original-Uri' header to the backends" },
	{ "proxy-body-size", CTRL_LOST, CTRL_SIZE, SEV_WARNING, "1m", "Higress has no request body limit: bodies nginx refused with 413 reach the backends" },
	{ "proxy-buffer-size", CTRL_NGINX, CTRL_SIZE, SEV_INFO, "4k", "nginx's response buffers; Envoy streams (upstream.connectionBufferLimits is per connection, not the same)" },
	{ "proxy-buffering", CTRL_NGINX, CTRL_TEXT, SEV_INFO, "off", "Envoy streams responses" },
	{ "proxy-buffers-number", CTRL_NGINX, CTRL_UINT, SEV_INFO, "4", "nginx's response buffers" },
	{ "proxy-busy-buffers-size", CTRL_NGINX, CTRL_SIZE, SEV_INFO, NULL, "nginx's response buffers" },
	{ "proxy-connect-timeout", CTRL_DEFAULT, CTRL_UINT, SEV_INFO, "5", "the backend connect timeout of every location without its own" },
	{ "proxy-cookie-domain", CTRL_LOST, CTRL_TEXT, SEV_WARNING, "off", "the cookie domain rewrite of every location without its own: no counterpart (the annotation has none either)" },	/* defaults/main.go:85, annotations/proxy/main.go:320 */
	{ "proxy-cookie-path", CTRL_LOST, CTRL_TEXT, SEV_WARNING, "off", "the cookie path rewrite of every location without its own: no counterpart (the annotation has none either)" },	/* defaults/main.go:80, annotations/proxy/main.go:315 */
	{ "proxy-headers-hash-bucket-size", CTRL_NGINX, CTRL_UINT, SEV_INFO, "64", "nginx's hash tables" },
	{ "proxy-headers-hash-max-size", CTRL_NGINX, CTRL_UINT, SEV_INFO, "512", "nginx's hash tables" },
	{ "proxy-http-version", CTRL_LOST, CTRL_TEXT, SEV_INFO, "1.1", "Envoy picks the upstream HTTP version from the Service" },
	{ "proxy-max-temp-file-size", CTRL_NGINX, CTRL_SIZE, SEV_INFO, "1024m", "nginx's response buffers" },
	{ "proxy-next-upstream", CTRL_LOST, CTRL_TEXT, SEV_INFO, "error timeout", "retries: per Ingress 'higress.io/max-retries' and 'retry-on'" },
	{ "proxy-next-upstream-timeout", CTRL_LOST, CTRL_UINT, SEV_INFO, "0", "retries: per Ingress only" },
	{ "proxy-next-upstream-tries", CTRL_LOST, CTRL_UINT, SEV_INFO, "3", "retries: per Ingress 'higress.io/max-retries'" },
	{ "proxy-protocol-header-timeout", CTRL_NGINX, CTRL_TEXT, SEV_INFO, "5s", "nginx's PROXY protocol read timeout (a Go duration; a bad one keeps 5s with a warning)" },	/* config.go:417, template/configmap.go:368-377 */
	{ "proxy-read-timeout", CTRL_DEFAULT, CTRL_UINT, SEV_INFO, "60", "the backend read timeout of every location without its own" },
	{ "proxy-real-ip-cidr", CTRL_LOST, CTRL_TEXT, SEV_WARNING, "0.0.0.0/0", "Higress does not check which proxies may set the client address header" },
	{ "proxy-redirect-from", CTRL_LOST, CTRL_TEXT, SEV_WARNING, "off", "the 'Location' rewrite of every location without its own: no counterpart (the annotation has none either)" },	/* defaults/main.go:102, annotations/proxy/main.go:348 */
	{ "proxy-redirect-to", CTRL_LOST, CTRL_TEXT, SEV_WARNING, "off", "the 'Location' rewrite of every location without its own: no counterpart (the annotation has none either)" },	/* defaults/main.go:107, annotations/proxy/main.go:353 */
	{ "proxy-request-buffering", CTRL_NGINX, CTRL_TEXT, SEV_INFO, "on", "Envoy streams request bodies" },
	{ "proxy-send-timeout", CTRL_DEFAULT, CTRL_UINT, SEV_INFO, "60", "the backend send timeout of every location without its own" },
	{ "proxy-set-headers", CTRL_LOST, CTRL_TEXT, SEV_WARNING, NULL, "request headers from a ConfigMap set for every backend: no global counterpart; per Ingress 'higress.io/request-header-control-add'" },
	{ "proxy-ssl-location-only", CTRL_LOST, CTRL_BOOL, SEV_INFO, "false", "whether the 'proxy-ssl-*' annotations also applied to the whole server; Higress sets backend TLS per Service" },	/* config.go:726, controller.go:777 */
	{ "proxy-stream-next-upstream", CTRL_NGINX, CTRL_BOOL, SEV_INFO, "true", "nginx's TCP/UDP proxying (stream), outside Ingress objects" },	/* config.go:524 */
	{ "proxy-stream-next-upstream-timeout", CTRL_NGINX, CTRL_TEXT, SEV_INFO, "600s", "nginx's TCP/UDP proxying (stream), outside Ingress objects" },	/* config.go:529 */
	{ "proxy-stream-next-upstream-tries", CTRL_NGINX, CTRL_UINT, SEV_INFO, "3", "nginx's TCP/UDP proxying (stream), outside Ingress objects" },	/* config.go:534 */
	{ "proxy-stream-responses", CTRL_NGINX, CTRL_UINT, SEV_INFO, "1", "nginx's TCP/UDP proxying (stream), outside Ingress objects" },	/* config.go:540, template/configmap.go:378-388 */
	{ "proxy-stream-timeout", CTRL_NGINX, CTRL_TEXT, SEV_INFO, "600s", "nginx's TCP/UDP proxying (stream), outside Ingress objects" },
	{ "relative-redirects", CTRL_LOST, CTRL_BOOL, SEV_INFO, "false", "redirect shapes" },
	{ "retry-non-idempotent", CTRL_LOST, CTRL_BOOL, SEV_INFO, "false", "retries: per Ingress only" },
	{ "reuse-port", CTRL_NGINX, CTRL_BOOL, SEV_INFO, "true", "nginx's listeners" },
	{ "server-name-hash-bucket-size", CTRL_NGINX, CTRL_UINT, SEV_INFO, NULL, "nginx's hash tables" },
	{ "server-name-hash-max-size", CTRL_NGINX, CTRL_UINT, SEV_INFO, "1024", "nginx's hash tables" },
	{ "server-snippet", CTRL_SNIPPET, CTRL_TEXT, SEV_CRITICAL, NULL, "nginx directives in every server block" },
	{ "server-tokens", CTRL_LOST, CTRL_BOOL, SEV_INFO, "false", "Envoy's own 'server' header; 'disableXEnvoyHeaders' in higress-config removes only the x-envoy-* headers" },
	{ "service-upstream", CTRL_LOST, CTRL_BOOL, SEV_INFO, "false", "Higress balances over the endpoints; per Ingress 'service-upstream'" },
	{ "skip-access-log-urls", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "nginx's access log" },
	{ "ssl-buffer-size", CTRL_NGINX, CTRL_SIZE, SEV_INFO, "4k", "nginx's TLS" },
	{ "ssl-ciphers", CTRL_LOST, CTRL_TEXT, SEV_WARNING, NULL, "the TLS ciphers of every host: no global counterpart; per Ingress 'higress.io/ssl-cipher'" },
	{ "ssl-dh-param", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "nginx's TLS (Envoy uses ECDHE only)" },
	{ "ssl-early-data", CTRL_NGINX, CTRL_BOOL, SEV_INFO, "false", "nginx's TLS" },
	{ "ssl-ecdh-curve", CTRL_NGINX, CTRL_TEXT, SEV_INFO, "auto", "nginx's TLS" },
	{ "ssl-protocols", CTRL_LOST, CTRL_TEXT, SEV_WARNING, "TLSv1.2 TLSv1.3", "the TLS versions of every host: no global counterpart; per Ingress 'higress.io/tls-min-protocol-version'/'tls-max-protocol-version'" },
	{ "ssl-redirect", CTRL_DEFAULT, CTRL_BOOL, SEV_INFO, "true", "the HTTPS redirect of TLS hosts" },
	{ "ssl-reject-handshake", CTRL_NGINX, CTRL_BOOL, SEV_INFO, "false", "nginx's TLS" },
	{ "ssl-session-cache", CTRL_NGINX, CTRL_BOOL, SEV_INFO, "true", "nginx's TLS" },
	{ "ssl-session-cache-size", CTRL_NGINX, CTRL_TEXT, SEV_INFO, "10m", "nginx's TLS" },
	{ "ssl-session-ticket-key", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "nginx's TLS" },
	{ "ssl-session-tickets", CTRL_NGINX, CTRL_BOOL, SEV_INFO, "false", "nginx's TLS" },
	{ "ssl-session-timeout", CTRL_NGINX, CTRL_TEXT, SEV_INFO, "10m", "nginx's TLS" },
	{ "stream-access-log-path", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "nginx's stream access log" },	/* config.go:145 */
	{ "stream-snippet", CTRL_SNIPPET, CTRL_TEXT, SEV_CRITICAL, NULL, "nginx directives in the stream block" },
	{ "strict-validate-path-type", CTRL_LOST, CTRL_BOOL, SEV_INFO, "true", "Higress does not check paths of type Exact or Prefix for regex characters" },
	{ "syslog-host", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "nginx's logs to syslog" },	/* config.go:687 */
	{ "syslog-port", CTRL_NGINX, CTRL_UINT, SEV_INFO, "514", "nginx's logs to syslog" },	/* config.go:689 */
	{ "upstream-hash-by", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "decoded, but the controller reads only the annotation of each Ingress (no global consistent hashing)" },	/* defaults/main.go:142, annotations/upstreamhashby/main.go:87 */
	{ "upstream-hash-by-subset", CTRL_NGINX, CTRL_BOOL, SEV_INFO, "false", "decoded, but the controller reads only the annotation of each Ingress" },	/* defaults/main.go:146, annotations/upstreamhashby/main.go:91 */
	{ "upstream-hash-by-subset-size", CTRL_NGINX, CTRL_UINT, SEV_INFO, NULL, "decoded, but the controller reads only the annotation of each Ingress" },	/* defaults/main.go:150, annotations/upstreamhashby/main.go:95 */
	{ "upstream-keepalive-connections", CTRL_NGINX, CTRL_UINT, SEV_INFO, "320", "nginx's upstream connection cache" },
	{ "upstream-keepalive-requests", CTRL_NGINX, CTRL_UINT, SEV_INFO, "10000", "nginx's upstream connection cache" },
	{ "upstream-keepalive-time", CTRL_NGINX, CTRL_TEXT, SEV_INFO, "1h", "nginx's upstream connection cache" },
	{ "upstream-keepalive-timeout", CTRL_HIGRESS, CTRL_UINT, SEV_INFO, "60", "higress-config 'upstream.idleTimeout'" },
	{ "use-forwarded-headers", CTRL_DEFAULT, CTRL_BOOL, SEV_INFO, "false", "whether X-Forwarded-* from clients were trusted" },
	{ "use-geoip", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with legacy GeoIP (cbed4c68); v1.15 ignores it, so it had no effect on the last controller; no GeoIP in Higress" },
	{ "use-geoip2", CTRL_LOST, CTRL_BOOL, SEV_INFO, "false", "no GeoIP variables in Higress" },
	{ "use-gzip", CTRL_HIGRESS, CTRL_BOOL, SEV_INFO, "false", "higress-config 'gzip.enable'" },
	{ "use-http2", CTRL_LOST, CTRL_BOOL, SEV_INFO, "true", "Higress speaks HTTP/2 on TLS listeners (Helm 'global.disableAlpnH2' turns it off)" },
	{ "use-port-in-redirects", CTRL_LOST, CTRL_BOOL, SEV_INFO, "false", "the port in the redirects nginx made for every location without its own; Envoy's redirects keep the request's host" },	/* defaults/main.go:131, annotations/portinredirect/main.go:60 */
	{ "use-proxy-protocol", CTRL_LOST, CTRL_BOOL, SEV_WARNING, "false", "PROXY protocol on the listeners: Helm 'global.enableProxyProtocol' on Higress, not higress-config" },
	{ "variables-hash-bucket-size", CTRL_NGINX, CTRL_UINT, SEV_INFO, "256", "nginx's hash tables" },
	{ "variables-hash-max-size", CTRL_NGINX, CTRL_UINT, SEV_INFO, "2048", "nginx's hash tables" },
	{ "whitelist-source-range", CTRL_DEFAULT, CTRL_TEXT, SEV_INFO, NULL, "the client ranges every location allows" },
	{ "worker-cpu-affinity", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "nginx's workers" },
	{ "worker-processes", CTRL_NGINX, CTRL_TEXT, SEV_INFO, "auto", "nginx's workers" },
	{ "worker-shutdown-timeout", CTRL_NGINX, CTRL_TEXT, SEV_INFO, "240s", "nginx's workers" },
	{ "zipkin-collector-host", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress can send Zipkin spans: higress-config 'tracing.zipkin' (service and port), not written: set it by hand if this collector is still wanted" },
	{ "zipkin-collector-port", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress can send Zipkin spans: higress-config 'tracing.zipkin' (service and port), not written: set it by hand if this collector is still wanted" },
	{ "zipkin-sample-rate", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress samples every tracer by higress-config 'tracing.sampling' (percent)" },
	{ "zipkin-service-name", CTRL_NGINX, CTRL_TEXT, SEV_INFO, NULL, "removed in controller v1.10 with OpenTracing (30820a5a); v1.15 ignores it, so it had no effect on the last controller; Higress names its spans 'higress-gateway.NAMESPACE'" },
};

const struct ctrl_key *ctrl_keys(size_t *n)
{
	*n = sizeof(keys) / sizeof(keys[0]);
	return keys;
}

static int key_cmp(const void *a, const void *b)
{
	return strcmp(a, ((const struct ctrl_key *)b)->name);
}

const struct ctrl_key *ctrl_key_find(const char *name)
{
	return name ? bsearch(name, keys, sizeof(keys) / sizeof(keys[0]), sizeof(keys[0]), key_cmp) : NULL;
}

int ctrl_parse_bool(const char *v)
{
	static const char *const yes[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *const no[] = { "0", "f", "F", "FALSE", "false", "False" };

	for (size_t i = 0; i < 6; i++) {
		if (strcmp(v, yes[i]) == 0)
			return 1;
		if (strcmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* A non-negative decimal integer of at most 9 digits (no sign), or -1. */
static long small_uint(const char *v)
{
	long n = 0;
	size_t i;

	for (i = 0; v[i]; i++) {
		if (!isdigit((unsigned char)v[i]) || i >= 9)
			return -1;
		n = n * 10 + (v[i] - '0');
	}
	return i ? n : -1;
}

long ctrl_parse_size(const char *v)
{
	size_t n = strlen(v);
	long mult = 1, num;
	char *digits;

	if (n == 0)
		return -1;
	switch (v[n - 1]) {
	case 'k': case 'K': mult = 1024L; n--; break;
	case 'm': case 'M': mult = 1024L * 1024; n--; break;
	case 'g': case 'G': mult = 1024L * 1024 * 1024; n--; break;
	}
	digits = xstrndup(v, n);
	num = small_uint(digits);
	free(digits);
	if (num < 0 || num > LONG_MAX / mult)
		return -1;
	return num * mult;
}

/* A non-negative decimal number ("0.01", "1", "2.5"). */
static bool decimal_ok(const char *v)
{
	size_t i = 0, d = 0;

	while (isdigit((unsigned char)v[i]))
		i++, d++;
	if (v[i] == '.') {
		i++;
		while (isdigit((unsigned char)v[i]))
			i++, d++;
	}
	return d > 0 && v[i] == '\0' && i < 32;
}

bool ctrl_value_ok(const struct ctrl_key *k, const char *v)
{
	switch (k->type) {
	case CTRL_BOOL: return ctrl_parse_bool(v) >= 0;
	case CTRL_UINT: return small_uint(v) >= 0;
	case CTRL_SIZE: return ctrl_parse_size(v) >= 0;
	case CTRL_FLOAT: return decimal_ok(v);
	default: return true;
	}
}

/* The name rule of the controller ConfigMap. */
static bool controller_name(const char *name)
{
	return name && (strstr(name, "ingress-nginx-controller") || strstr(name, "nginx-ingress-controller") ||
			strcmp(name, "nginx-configuration") == 0);
}

bool ctrl_config_wanted(const char *name, const char *const *k, size_t n, void *ud)
{
	(void)ud;
	if (controller_name(name) || (name && strcmp(name, "higress-config") == 0))
		return true;	/* a higress-config: is the one convert writes there already? */
	if (n < 2)
		return false;
	for (size_t i = 0; i < n; i++)
		if (ctrl_key_find(k[i]) == NULL)
			return false;
	return true;
}

/* A candidate seen by the index pass, and what it is to the run. */
enum role { R_USED, R_CONFLICT, R_OVERRIDDEN };

struct cand {
	char *file, *ns, *name;		/* owned */
	unsigned line, col;
	enum role role;
	bool reported;			/* its findings were added */
};

struct ctrl_config {
	struct cand *cands;
	size_t ncands;
	bool given;			/* --nginx-configmap chose */
	char **k, **v;			/* owned: the data of the one used */
	size_t nkv;
	char *who;			/* owned: "ns/name" of the one used */
	struct ctrl_settings set;
	struct higress_values hv;
	bool have_hv;
	char *exists;			/* owned: "file:line:col" of a higress-config in the input, or NULL */
	size_t next;			/* where ctrl_config_object looks first (objects come in order) */
};

struct ctrl_config *ctrl_config_new(void)
{
	struct ctrl_config *cc = xcalloc(1, sizeof(*cc));

	cc->set.ssl_redirect = true;
	cc->set.connect_timeout = 5;
	cc->set.send_timeout = 60;
	cc->set.read_timeout = 60;
	cc->set.hsts = true;
	cc->set.hsts_max_age = "31536000";
	cc->set.hsts_include_subdomains = true;
	cc->hv.gzip_enable = -1;
	cc->hv.down_idle = cc->hv.up_idle = -1;
	return cc;
}

void ctrl_config_free(struct ctrl_config *cc)
{
	if (cc == NULL)
		return;
	for (size_t i = 0; i < cc->ncands; i++) {
		free(cc->cands[i].file);
		free(cc->cands[i].ns);
		free(cc->cands[i].name);
	}
	free(cc->cands);
	for (size_t i = 0; i < cc->nkv; i++) {
		free(cc->k[i]);
		free(cc->v[i]);
	}
	free(cc->k);
	free(cc->v);
	free(cc->who);
	free(cc->exists);
	for (size_t i = 0; i < cc->hv.ngzip_types; i++)
		free(cc->hv.gzip_types[i]);
	free(cc->hv.gzip_types);
	free(cc->hv.otel_service);
	free(cc->hv.otel_port);
	free(cc->hv.sampling);
	free(cc);
}

/* The value of key in the data used (the last one written), or NULL. */
static const char *get(const struct ctrl_config *cc, const char *key)
{
	for (size_t i = cc->nkv; i-- > 0;)
		if (strcmp(cc->k[i], key) == 0)
			return cc->v[i];
	return NULL;
}

/* The value of key when it is valid for its row, else NULL. */
static const char *valid(const struct ctrl_config *cc, const char *key)
{
	const char *v = get(cc, key);
	const struct ctrl_key *k = ctrl_key_find(key);

	return v && k && ctrl_value_ok(k, v) ? v : NULL;
}

/* gzip-types: split on blanks, 'text/html' first (nginx always
 * compresses it), into hv (which owns the list); false, with nothing
 * kept, for '*' (no counterpart) or a type with characters a media type
 * has not. */
static bool gzip_types(struct higress_values *hv, const char *v)
{
	const char *p = v;
	char **t = NULL;
	size_t n = 0, cap = 0;
	bool ok = true;

	grow_array((void **)&t, &cap, 1, sizeof(*t));
	t[n++] = xstrdup("text/html");
	while (*p) {
		size_t len;
		while (*p == ' ' || *p == '\t')
			p++;
		len = strcspn(p, " \t");
		if (len == 0)
			break;
		for (size_t i = 0; i < len; i++)
			ok &= isalnum((unsigned char)p[i]) || strchr("/.+-_", p[i]) != NULL;
		if (len == 9 && memcmp(p, "text/html", 9) == 0) {
			p += len;
			continue;
		}
		grow_array((void **)&t, &cap, n + 1, sizeof(*t));
		t[n++] = xstrndup(p, len);
		p += len;
	}
	if (!ok) {
		for (size_t i = 0; i < n; i++)
			free(t[i]);
		free(t);
		return false;
	}
	hv->gzip_types = t;
	hv->ngzip_types = n;
	return true;
}

/* 'large-client-header-buffers: "N SIZE"' in KiB, or -1. */
static long header_kb(const char *v)
{
	const char *sp = strchr(v, ' ');
	char *num;
	long n, size;

	if (sp == NULL)
		return -1;
	num = xstrndup(v, (size_t)(sp - v));
	n = small_uint(num);
	free(num);
	while (*sp == ' ')
		sp++;
	size = ctrl_parse_size(sp);
	if (n <= 0 || size <= 0 || size / 1024 > 8192 || n > 8192)
		return -1;
	return n * (size / 1024);
}

/* A DNS name (a Service FQDN): letters, digits, '-' and '.', at most 253. */
static bool host_ok(const char *h)
{
	size_t n = strlen(h);

	if (n == 0 || n > 253 || h[0] == '.' || h[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)h[i]) && h[i] != '-' && h[i] != '.')
			return false;
	return true;
}

/* The OpenTelemetry sampling as a percent (a plain YAML number), or NULL
 * (owned) when the sampler has none. */
static char *sampling(const char *sampler, const char *ratio)
{
	if (sampler == NULL || strcmp(sampler, "AlwaysOn") == 0)
		return xstrdup("100");
	if (strcmp(sampler, "TraceIdRatioBased") == 0) {
		double r = ratio ? strtod(ratio, NULL) : 0.01;
		char buf[32];
		if (r > 1)
			return NULL;
		snprintf(buf, sizeof(buf), "%.6g", r * 100);
		return xstrdup(buf);
	}
	return NULL;	/* AlwaysOff is enable: false; others have no counterpart */
}

/* Everything the data used means, computed once: the defaults and the
 * 'higress-config' values. */
static void compute(struct ctrl_config *cc)
{
	struct ctrl_settings *s = &cc->set;
	struct higress_values *hv = &cc->hv;
	const char *v;
	long n;

	s->found = true;
	cc->have_hv = true;
	if ((v = valid(cc, "ssl-redirect")))
		s->ssl_redirect = ctrl_parse_bool(v) == 1;
	if ((v = valid(cc, "force-ssl-redirect")))
		s->force_ssl_redirect = ctrl_parse_bool(v) == 1;
	if ((v = valid(cc, "proxy-connect-timeout")))
		s->connect_timeout = small_uint(v);
	if ((v = valid(cc, "proxy-send-timeout")))
		s->send_timeout = small_uint(v);
	if ((v = valid(cc, "proxy-read-timeout")))
		s->read_timeout = small_uint(v);
	if (((v = valid(cc, "use-forwarded-headers")) && ctrl_parse_bool(v) == 1) ||
	    ((v = valid(cc, "enable-real-ip")) && ctrl_parse_bool(v) == 1)) {
		v = get(cc, "forwarded-for-header");
		s->ip_header = v && *v && strcspn(v, " \t:\r\n") == strlen(v) ? v : "X-Forwarded-For";
	}
	if ((v = valid(cc, "hsts")))
		s->hsts = ctrl_parse_bool(v) == 1;
	if ((v = valid(cc, "hsts-max-age")) && *v)
		s->hsts_max_age = v;
	if ((v = valid(cc, "hsts-include-subdomains")))
		s->hsts_include_subdomains = ctrl_parse_bool(v) == 1;
	if ((v = valid(cc, "hsts-preload")))
		s->hsts_preload = ctrl_parse_bool(v) == 1;
	if ((v = get(cc, "whitelist-source-range")) && *v && go_cidrs_ok(v) && strcspn(v, "\r\n\"\\") == strlen(v))
		s->allowlist = v;
	/* gzip: Higress compresses by default, ingress-nginx does not */
	v = valid(cc, "use-gzip");
	hv->gzip_enable = v && ctrl_parse_bool(v) == 1;
	if (hv->gzip_enable) {
		if ((v = valid(cc, "gzip-level")) && (n = small_uint(v)) >= 1 && n <= 9) {
			static const char *const lv[] = { NULL, "BEST_SPEED", "COMPRESSION_LEVEL_2", "COMPRESSION_LEVEL_3",
				"COMPRESSION_LEVEL_4", "COMPRESSION_LEVEL_5", "COMPRESSION_LEVEL_6", "COMPRESSION_LEVEL_7",
				"COMPRESSION_LEVEL_8", "BEST_COMPRESSION" };
			hv->gzip_level = lv[n];
		}
		if ((v = valid(cc, "gzip-min-length")) && (n = small_uint(v)) > 0)
			hv->gzip_min_length = n;
		if ((v = get(cc, "gzip-types")) && *v)
			(void)gzip_types(hv, v);
	}
	if ((v = valid(cc, "keep-alive")) && (n = small_uint(v)) > 0)
		hv->down_idle = n;
	if ((v = valid(cc, "upstream-keepalive-timeout")) && (n = small_uint(v)) > 0)
		hv->up_idle = n;
	if ((v = valid(cc, "http2-max-concurrent-streams")) && (n = small_uint(v)) >= 1)
		hv->max_streams = n;
	if ((v = get(cc, "large-client-header-buffers")) && (n = header_kb(v)) > 60)
		hv->max_headers_kb = n;
	if ((v = valid(cc, "enable-opentelemetry")) && ctrl_parse_bool(v) == 1) {
		const char *host = get(cc, "otlp-collector-host"), *port = valid(cc, "otlp-collector-port");
		const char *ratio = valid(cc, "otel-sampler-ratio");
		char *smp = sampling(get(cc, "otel-sampler"), ratio && strtod(ratio, NULL) <= 1 ? ratio : NULL);
		long pn = port ? small_uint(port) : 4317;
		if (host && *host && host_ok(host) && pn >= 1 && pn <= 65535 && smp) {
			hv->tracing = true;
			hv->otel_service = xstrdup(host);
			hv->otel_port = xasprintf("%ld", pn);
			hv->sampling = smp;
		} else {
			free(smp);
		}
	}
}

/* Remember a candidate of ix. */
static void add_cand(struct ctrl_config *cc, const struct index *ix, const struct index_configmap *m, enum role role)
{
	struct cand *c;

	cc->cands = xrealloc(cc->cands, (cc->ncands + 1) * sizeof(*cc->cands));
	c = &cc->cands[cc->ncands++];
	c->file = xstrdup(index_str(ix, m->file));
	c->ns = m->ns ? xstrdup(index_str(ix, m->ns)) : NULL;
	c->name = xstrdup(index_str(ix, m->name));
	c->line = m->line;
	c->col = m->col;
	c->role = role;
	c->reported = false;
}

/* Copy the data of m as the data used, and compute what it means. */
static void use(struct ctrl_config *cc, const struct index *ix, const struct index_configmap *m)
{
	cc->k = xcalloc(m->ndata ? m->ndata : 1, sizeof(*cc->k));
	cc->v = xcalloc(m->ndata ? m->ndata : 1, sizeof(*cc->v));
	for (uint32_t d = 0; d < m->ndata; d++) {
		const struct index_setting *st = index_cmdata_at(ix, m->first_data + d);
		cc->k[d] = xstrdup(index_str(ix, st->key));
		cc->v[d] = xstrdup(index_str(ix, st->value));
	}
	cc->nkv = m->ndata;
	cc->who = xasprintf("%s/%s", m->ns ? index_str(ix, m->ns) : "default", index_str(ix, m->name));
	compute(cc);
}

size_t ctrl_config_choose(struct ctrl_config *cc, const struct index *ix, bool given, const char *higress_ns)
{
	size_t all = index_nconfigmaps(ix), n = 0, one = 0;

	for (size_t i = 0; i < all; i++) {
		const struct index_configmap *m = index_configmap_at(ix, i);
		if (strcmp(index_str(ix, m->name), "higress-config") == 0) {
			if (!given && cc->exists == NULL && strcmp(m->ns ? index_str(ix, m->ns) : "default", higress_ns) == 0)
				cc->exists = xasprintf("%s:%u:%u", index_str(ix, m->file), m->line, m->col);
			continue;
		}
		n++;
		one = i;
	}
	if (cc->given && !given) {
		for (size_t i = 0; i < all; i++)
			if (strcmp(index_str(ix, index_configmap_at(ix, i)->name), "higress-config") != 0)
				add_cand(cc, ix, index_configmap_at(ix, i), R_OVERRIDDEN);
		return n;
	}
	cc->given = given;
	for (size_t i = 0; i < all; i++)
		if (strcmp(index_str(ix, index_configmap_at(ix, i)->name), "higress-config") != 0)
			add_cand(cc, ix, index_configmap_at(ix, i), n == 1 ? R_USED : R_CONFLICT);
	if (n == 1)
		use(cc, ix, index_configmap_at(ix, one));
	return n;
}

char *ctrl_hsts_value(const struct ctrl_settings *s)
{
	if (s && !s->hsts)
		return NULL;
	return xasprintf("max-age=%s%s%s", s ? s->hsts_max_age : "31536000",
			 s == NULL || s->hsts_include_subdomains ? "; includeSubDomains" : "",
			 s && s->hsts_preload ? "; preload" : "");
}

const struct ctrl_settings *ctrl_config_settings(const struct ctrl_config *cc)
{
	return &cc->set;
}

const struct higress_values *ctrl_config_higress(const struct ctrl_config *cc)
{
	return cc->have_hv && cc->exists == NULL ? &cc->hv : NULL;
}

const char *ctrl_config_who(const struct ctrl_config *cc)
{
	return cc->who ? cc->who : "";
}

const char *ctrl_config_value(const struct ctrl_config *cc, const char *key)
{
	return valid(cc, key);
}

bool ctrl_config_where(const struct ctrl_config *cc, const char **file, size_t *line)
{
	for (size_t i = 0; i < cc->ncands; i++)
		if (cc->cands[i].role == R_USED) {
			*file = cc->cands[i].file;
			*line = cc->cands[i].line;
			return true;
		}
	return false;
}

/* Findings ---------------------------------------------------------------- */

/* Where a finding of the ConfigMap object obj goes. */
struct at {
	struct findings *out;
	const char *file;
	const char *ns, *name;
};

static void add(const struct at *at, struct pos pos, const char *key, const char *value, enum status st,
		enum severity sev, const char *rule, const char *msg, const char *fix)
{
	struct finding f;

	memset(&f, 0, sizeof(f));
	f.file = at->file;
	f.pos = pos;
	f.kind = "ConfigMap";
	f.ns = at->ns;
	f.name = at->name;
	f.annotation = key;
	f.value = value;
	f.status = st;
	f.severity = sev;
	f.rule = rule;
	f.message = msg;
	f.fix = fix;
	findings_add(at->out, &f);
}

/* "'key: "value"'" for a message, or "'key'" when the value is long or
 * has line breaks (the finding carries it). Allocated. */
static char *key_text(const char *key, const char *value)
{
	if (value == NULL || strlen(value) > 60 || strpbrk(value, "\r\n\"\\"))
		return xasprintf("'%s'", key);
	return xasprintf("'%s: \"%s\"'", key, value);
}

/* Is v the default d (booleans compared as booleans)? */
static bool is_default(const struct ctrl_key *k, const char *v)
{
	if (k->dflt == NULL)
		return *v == '\0';
	if (k->type == CTRL_BOOL)
		return ctrl_parse_bool(v) == ctrl_parse_bool(k->dflt);
	return strcmp(v, k->dflt) == 0;
}

/* What a key with a higress-config counterpart became: the text of its
 * finding (allocated) and whether it was written. */
static char *higress_text(const struct ctrl_config *cc, const char *key, const char *v, bool *written)
{
	const struct higress_values *hv = &cc->hv;

	*written = true;
	if (strcmp(key, "use-gzip") == 0)
		return xasprintf("becomes higress-config 'gzip.enable: %s'", hv->gzip_enable ? "true" : "false");
	if (strncmp(key, "gzip-", 5) == 0 && !hv->gzip_enable) {
		*written = false;
		return xstrdup("not written: 'use-gzip' is off, so higress-config turns gzip off");
	}
	if (strcmp(key, "gzip-level") == 0 && hv->gzip_level)
		return xasprintf("becomes higress-config 'gzip.compressionLevel: %s'", hv->gzip_level);
	if (strcmp(key, "gzip-min-length") == 0 && hv->gzip_min_length)
		return xasprintf("becomes higress-config 'gzip.minContentLength: %ld'", hv->gzip_min_length);
	if (strcmp(key, "gzip-types") == 0 && hv->ngzip_types)
		return xasprintf("becomes higress-config 'gzip.contentType' (%zu types, 'text/html' included as nginx "
				 "always compresses it)", hv->ngzip_types);
	if (strcmp(key, "gzip-types") == 0) {
		*written = false;
		return xstrdup("not written: only media types have a counterpart ('*' has none); Higress's own list "
			       "applies");
	}
	if (strcmp(key, "keep-alive") == 0 && hv->down_idle > 0)
		return xasprintf("becomes higress-config 'downstream.idleTimeout: %ld' (seconds; also the idle timeout "
				 "of each stream)", hv->down_idle);
	if (strcmp(key, "upstream-keepalive-timeout") == 0 && hv->up_idle > 0)
		return xasprintf("becomes higress-config 'upstream.idleTimeout: %ld' (seconds)", hv->up_idle);
	if (strcmp(key, "http2-max-concurrent-streams") == 0 && hv->max_streams > 0)
		return xasprintf("becomes higress-config 'downstream.http2.maxConcurrentStreams: %ld'", hv->max_streams);
	if (strcmp(key, "large-client-header-buffers") == 0 && hv->max_headers_kb > 0)
		return xasprintf("becomes higress-config 'downstream.maxRequestHeadersKb: %ld'", hv->max_headers_kb);
	if (strcmp(key, "large-client-header-buffers") == 0 && header_kb(v) > 0) {
		*written = false;
		return xasprintf("not written: %ld KiB of headers is within Higress's default of 60 KiB "
				 "('downstream.maxRequestHeadersKb')", header_kb(v));
	}
	if ((strcmp(key, "enable-opentelemetry") == 0 || strncmp(key, "otlp-", 5) == 0 ||
	     strncmp(key, "otel-", 5) == 0) && hv->tracing)
		return xasprintf("becomes higress-config 'tracing' (opentelemetry service '%s', port \"%s\", sampling "
				 "%s%%)", hv->otel_service, hv->otel_port, hv->sampling);
	*written = false;
	if (strcmp(key, "keep-alive") == 0)
		return xstrdup("not written: 0 turns keep-alive off in nginx, while 0 means no timeout in Envoy");
	if (strcmp(key, "enable-opentelemetry") == 0 || strncmp(key, "otlp-", 5) == 0 || strncmp(key, "otel-", 5) == 0)
		return xstrdup("no tracing written: it needs 'enable-opentelemetry: \"true\"', an 'otlp-collector-host' "
			       "that is a DNS name, and a sampler Higress has ('AlwaysOn', or 'TraceIdRatioBased' with a "
			       "ratio up to 1)");
	return xstrdup("not written: the value is outside the range higress-config accepts");
}

/* What a default the analysis assumes does (allocated). */
static char *default_text(const struct ctrl_config *cc, const char *key)
{
	const struct ctrl_settings *s = &cc->set;

	if (strcmp(key, "force-ssl-redirect") == 0)
		return s->force_ssl_redirect ? xstrdup("every plain-HTTP request redirects to HTTPS unless an Ingress says "
						       "'force-ssl-redirect: \"false\"'; convert adds the annotation to the "
						       "others (implicit-ssl-redirect)")
					     : xstrdup("no forced redirect: as ingress-nginx's default");
	if (strcmp(key, "ssl-redirect") == 0)
		return s->ssl_redirect ? xstrdup("TLS hosts redirect HTTP to HTTPS unless an Ingress says "
						 "'ssl-redirect: \"false\"'; convert makes that explicit per Ingress "
						 "(implicit-ssl-redirect)")
				       : xstrdup("no implicit HTTPS redirect: only Ingresses with 'ssl-redirect' or "
						 "'force-ssl-redirect' true redirect, and convert adds none");
	if (strncmp(key, "hsts", 4) == 0) {
		char *v = ctrl_hsts_value(s), *t;
		if (v == NULL)
			return xstrdup("'hsts' is false: HTTPS responses carried no HSTS header, and convert adds none");
		if (strcmp(key, "hsts") != 0)
			t = xasprintf("HTTPS responses carried 'Strict-Transport-Security: %s' (hsts-default)", v);
		else
			t = xasprintf("HTTPS responses carried 'Strict-Transport-Security: %s'; convert adds it to each TLS "
				      "Ingress with 'higress.io/response-header-control-update' (hsts-default; --to gateway "
				      "does not carry it, a warning)", v);
		free(v);
		return t;
	}
	if (strcmp(key, "whitelist-source-range") == 0 && (get(cc, key) == NULL || *get(cc, key) == '\0'))
		return xstrdup("empty: every client is let in, as by default");
	if (strcmp(key, "whitelist-source-range") == 0)
		return s->allowlist ? xstrdup("convert adds it as 'whitelist-source-range' to each Ingress without its own "
					      "list, which Higress reads (--to gateway has no allow-list: those routes are "
					      "open, critical)")
				    : xstrdup("not a list of addresses and ranges: nothing is carried (check what the "
					      "controller made of it)");
	if (strncmp(key, "proxy-", 6) == 0)
		return xasprintf("the analysis assumes connect %lds, send %lds, read %lds where an Ingress sets none "
				 "(--to gateway: its 'timeouts.backendRequest'); Higress has no global per-phase timeout",
				 s->connect_timeout, s->send_timeout, s->read_timeout);
	if (s->ip_header)
		return xasprintf("the ip-restriction plugins convert writes read the client address from the left-most "
				 "'%s' entry (ip_source_type 'header'), which a client can forge unless the load balancer "
				 "in front overwrites it", s->ip_header);
	return xstrdup("the ip-restriction plugins convert writes take the client address from the connection "
		       "(ip_source_type 'origin-source')");
}

/* The findings of a snippet key: critical, with what the snippet
 * classifier reads in it. */
static void snippet_key(const struct at *at, const struct node *kn, const char *key, const char *v,
			const struct ctrl_key *row)
{
	struct snippet sn;
	const char *as = strcmp(key, "location-snippet") == 0 ? "configuration-snippet" : key;
	size_t bad = 0;
	const char *first = NULL;
	char *msg;

	if (*v == '\0') {
		add(at, kn->pos, key, v, ST_IGNORED, SEV_INFO, "configmap-snippet",
		    "empty snippet: nothing to carry", NULL);
		return;
	}
	snippet_read(as, v, strlen(v), &sn);
	for (size_t i = 0; i < sn.nitems; i++)
		if (sn.items[i].cls == SNIP_DANGEROUS || sn.items[i].cls == SNIP_UNSUPPORTED ||
		    sn.items[i].cls == SNIP_PARSE_ERROR) {
			bad++;
			if (first == NULL)
				first = sn.items[i].msg;
		}
	msg = xasprintf("'%s' (%s, %zu directive%s) applied to every Ingress of the controller; Higress reads no nginx "
			"configuration, so none of it applies%s%s%s", key, row->higress, sn.ndirectives,
			sn.ndirectives == 1 ? "" : "s", bad ? "; among them: " : "", first ? first : "",
			bad > 1 ? " (and more)" : "");
	add(at, kn->pos, key, v, ST_UNSUPPORTED, SEV_CRITICAL, "configmap-snippet", msg,
	    "carry what it does with Higress annotations or a WasmPlugin, per Ingress or globally, and check each "
	    "directive");
	free(msg);
	snippet_free(&sn);
}

/* One finding for data entry kn: vn of the ConfigMap used. */
static void key_finding(const struct ctrl_config *cc, const struct at *at, const struct node *kn, const struct node *vn)
{
	const char *key = kn->value, *v;
	const struct ctrl_key *row = ctrl_key_find(key);
	char *kt, *msg = NULL, *t = NULL;
	bool written, dflt;

	vn = node_resolve(NULL, (struct node *)vn);
	if (vn == NULL || vn->type != N_SCALAR || scalar_type(vn) != Y11_STRING) {
		msg = xasprintf("the value of '%s' is %s, not a string: Kubernetes rejects the ConfigMap (quote it)", key,
				vn && vn->type == N_SCALAR ? yaml11_type_name(scalar_type(vn)) : "not a scalar");
		add(at, kn->pos, key, NULL, ST_INVALID, SEV_ERROR, "configmap-invalid-value", msg,
		    "write the value as a quoted string");
		free(msg);
		return;
	}
	v = vn->value;
	kt = key_text(key, v);
	if (row == NULL) {
		msg = xasprintf("%s is not a key of ingress2higress's table of controller keys: ingress-nginx does not "
				"read it (or it is newer than controller v1.15); nothing is carried", kt);
		add(at, kn->pos, key, v, ST_UNKNOWN, SEV_WARNING, "configmap-unknown-key", msg,
		    "check the name against the controller's ConfigMap documentation");
	} else if (!ctrl_value_ok(row, v)) {
		static const char *const what[] = { "text", "a boolean (true or false)", "a whole number",
						     "an nginx size (such as 8k or 1m)", "a decimal number" };
		msg = xasprintf("%s is not %s: the controller cannot read it and keeps its default%s%s%s", kt,
				what[row->type], row->dflt ? " (" : "", row->dflt ? row->dflt : "", row->dflt ? ")" : "");
		add(at, vn->pos, key, v, ST_INVALID, SEV_ERROR, "configmap-invalid-value", msg,
		    row->cls == CTRL_HIGRESS ? "fix the value; it is left out of higress-config until it is valid"
					     : "fix the value");
	} else if (row->cls == CTRL_SNIPPET) {
		snippet_key(at, kn, key, v, row);
	} else if (row->cls == CTRL_NGINX) {
		msg = xasprintf("%s: %s; nothing to carry", kt, row->higress);
		add(at, kn->pos, key, v, ST_IGNORED, SEV_INFO, "configmap-nginx-only", msg, NULL);
	} else if (row->cls == CTRL_HIGRESS) {
		t = higress_text(cc, key, v, &written);
		msg = xasprintf("%s: %s", kt, t);
		add(at, kn->pos, key, v, written ? ST_CONVERTED : ST_PARTIAL, written ? SEV_INFO : SEV_WARNING,
		    written ? "configmap-converted" : "configmap-lost", msg, NULL);
	} else if (row->cls == CTRL_DEFAULT) {
		t = default_text(cc, key);
		msg = xasprintf("%s (%s) is the default of every Ingress without its own: %s", kt, row->higress, t);
		add(at, kn->pos, key, v, ST_CONVERTED, SEV_INFO, "configmap-default", msg, NULL);
	} else {
		bool off;

		dflt = is_default(row, v);
		off = dflt && (row->dflt == NULL || strcmp(row->dflt, "false") == 0 || strcmp(row->dflt, "0") == 0 ||
			       strcmp(row->dflt, "off") == 0);
		/* A default that turns something on (HSTS, the 1m body limit,
		 * the risk gate) is lost all the same: it keeps its severity. */
		if (off)
			msg = xasprintf("%s is ingress-nginx's default, which turns nothing on: nothing to carry", kt);
		else
			msg = xasprintf("%s%s: %s", kt, dflt ? " (ingress-nginx's default, lost with or without this key)" : "",
					row->higress);
		add(at, kn->pos, key, v, ST_UNSUPPORTED, off ? SEV_INFO : (enum severity)row->sev, "configmap-lost", msg,
		    off ? NULL : "carry it per Ingress where the message names a way, or accept the difference");
	}
	free(t);
	free(msg);
	free(kt);
}

/* The summary of what convert writes from the ConfigMap used. */
static void written_finding(const struct ctrl_config *cc, const struct at *at, const struct node *obj,
			    const char *higress_ns, bool convert)
{
	const struct higress_values *hv = &cc->hv;
	struct buf secs = {0};
	char *msg;

	buf_adds(&secs, "gzip");
	if (hv->down_idle > 0 || hv->max_streams || hv->max_headers_kb)
		buf_adds(&secs, ", downstream");
	if (hv->up_idle > 0)
		buf_adds(&secs, ", upstream");
	if (hv->tracing)
		buf_adds(&secs, ", tracing");
	if (cc->exists)
		msg = xasprintf("the input has ConfigMap '%s/higress-config' at %s, so convert writes no second one "
				"(converting the output again changes nothing); what this ConfigMap means for it: %s%s",
				higress_ns, cc->exists, buf_cstr(&secs),
				hv->gzip_enable ? "" : ", gzip off as ingress-nginx had it (Higress compresses by default)");
	else
		msg = xasprintf("%s ConfigMap '%s/higress-config' with key 'higress' (%s)%s; applying it replaces the "
				"'higress' key of the live one, whose other settings then return to Higress's defaults",
				convert ? "convert writes" : "convert would write", higress_ns, buf_cstr(&secs),
				hv->gzip_enable ? "" : ": gzip off, as ingress-nginx had it (Higress compresses by default)");
	add(at, obj->pos, NULL, NULL, ST_CONVERTED, SEV_WARNING, "configmap-higress-config", msg,
	    cc->exists ? "merge the settings the key findings name into its 'higress' key by hand"
		       : "merge it into the live ConfigMap's 'higress' key (kubectl -n NAMESPACE edit configmap higress-config)");
	free(msg);
	buf_free(&secs);
}

bool ctrl_config_object(struct ctrl_config *cc, struct stream *st, struct node *obj, const char *higress_ns,
			bool convert, struct findings *out)
{
	const char *file = stream_name(st);
	struct node *md, *data;
	struct cand *c = NULL;
	struct at at;

	for (size_t k = 0; k < cc->ncands && c == NULL; k++) {
		size_t i = (cc->next + k) % cc->ncands;
		if (cc->cands[i].line == obj->pos.line && cc->cands[i].col == obj->pos.column &&
		    strcmp(cc->cands[i].file, file) == 0) {
			c = &cc->cands[i];
			cc->next = i + 1;
		}
	}
	if (c == NULL)
		return false;
	if (c->reported)
		return true;	/* --nginx-configmap FILE is an input too */
	c->reported = true;
	md = node_get(obj, "metadata");
	at.out = out;
	at.file = file;
	at.ns = node_get_str(md, "namespace");
	at.name = node_get_str(md, "name");
	if (c->role == R_OVERRIDDEN) {
		add(&at, obj->pos, NULL, NULL, ST_IGNORED, SEV_INFO, "configmap-overridden",
		    "not used as the controller ConfigMap: --nginx-configmap names another", NULL);
		return true;
	}
	if (c->role == R_CONFLICT) {
		struct buf b = {0};
		size_t shown = 0, all = 0;
		char *msg;
		for (size_t i = 0; i < cc->ncands; i++) {
			const struct cand *o = &cc->cands[i];
			if (o->role != R_CONFLICT || all++ >= 4)
				continue;	/* the first four are named (the message stays short) */
			buf_printf(&b, "%s'%s/%s' (%s:%u:%u)", shown++ ? " and " : "", o->ns ? o->ns : "default", o->name,
				   o->file, o->line, o->col);
		}
		if (all > shown)
			buf_printf(&b, " and %zu more", all - shown);
		msg = xasprintf("more than one controller ConfigMap: %s; none is used, so the analysis assumes "
				"ingress-nginx's defaults and no higress-config is written", buf_cstr(&b));
		add(&at, obj->pos, NULL, NULL, ST_INVALID, SEV_ERROR, "configmap-conflict", msg,
		    "leave out the ones the controller does not read, or name the right one with --nginx-configmap FILE");
		free(msg);
		buf_free(&b);
		return true;
	}
	data = node_resolve(NULL, node_get(obj, "data"));
	for (size_t i = 0; data && data->type == N_MAPPING && i + 1 < data->nkids; i += 2) {
		struct node *kn = node_resolve(NULL, data->kids[i]);
		if (kn && kn->type == N_SCALAR)
			key_finding(cc, &at, kn, data->kids[i + 1]);
	}
	written_finding(cc, &at, obj, higress_ns, convert);
	return true;
}

/* Does s[0..n) hold word (case-insensitive) anywhere? Allocates nothing. */
static bool holds_word(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word);

	for (size_t i = 0; i + w <= n; i++)
		if (strncasecmp(s + i, word, w) == 0)
			return true;
	return false;
}

bool hsts_named(const char *value, bool remove)
{
	size_t w = strlen("Strict-Transport-Security");

	while (*value) {
		size_t len = strcspn(value, remove ? "," : "\n"), a = 0;
		while (a < len && isspace((unsigned char)value[a]))
			a++;
		if (len - a >= w && strncasecmp(value + a, "Strict-Transport-Security", w) == 0 &&
		    (a + w == len || isspace((unsigned char)value[a + w])))
			return true;
		value += len + (value[len] != '\0');
	}
	return false;
}

/* The annotation of ing that sets, adds or removes the header itself
 * (borrowed), or NULL: a higress.io response-header-control key naming it,
 * or a configuration- or server-snippet of the controller's prefix that
 * mentions it (converted or not, the Ingress's own choice stands). */
const struct annotation *ctrl_hsts_own(const struct ingress *ing, const char *prefix)
{
	static const char *const hdr_keys[] = { "higress.io/response-header-control-add",
					    "higress.io/response-header-control-update",
					    "higress.io/response-header-control-remove" };
	size_t plen = strlen(prefix);

	for (size_t i = 0; i < ing->nann; i++) {
		const struct annotation *an = &ing->ann[i];
		const char *k = an->key;
		if (an->vscalar == NULL)
			continue;
		for (size_t o = 0; o < 3; o++)
			if (strcmp(k, hdr_keys[o]) == 0 && hsts_named(an->value, o == 2))
				return an;
		if (strncmp(k, prefix, plen) == 0 && k[plen] == '/' &&
		    (strcmp(k + plen + 1, "configuration-snippet") == 0 || strcmp(k + plen + 1, "server-snippet") == 0) &&
		    holds_word(an->value, an->vscalar->len, "Strict-Transport-Security"))
			return an;
	}
	return NULL;
}
