// validators_diff.go - differential test of ingress2higress's value
// validators against Ingress-NGINX's, in Go (the standard library only).
//
// Usage: go run validators_diff.go VALIDATE-VALUES SOURCE-ROOT
//
// The controller's validator functions are re-implemented below from
// github.com/kubernetes/ingress-nginx @ dbb11b92
// (internal/ingress/annotations/parser/validators.go, the annotation
// parsers' regular expressions copied as data, internal/net/ipnet.go),
// with the Go standard library doing the work the controller leaves to it
// (regexp, strconv.ParseBool, strconv.Atoi, strings.TrimSpace,
// strings.ToLower). Every value of testdata/validators/
// controller-test-values.txt (string literals of the controller's own
// tests) and a list of generated edge values is checked against every
// annotation, here and by VALIDATE-VALUES (tests/validate_values.c, the
// tool's rule table); any disagreement fails the test.
//
// The controller is built with Go 1.26; the test may run on an older Go.
// Where the standard library changed since Go 1.19 the newer behaviour is
// written out here: net.ParseCIDR/ParseIP (netip-based since Go 1.22) and
// the '(?<name>' capture syntax (Go 1.22).
package main

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// parser/validators.go L44-85
var (
	alphaNumericChars    = `\-\.\_\~a-zA-Z0-9\/:`
	extendedAlphaNumeric = alphaNumericChars + ", "
	regexEnabledChars    = regexp.QuoteMeta(`^$[](){}*+?|&=\`)
	urlEnabledChars      = regexp.QuoteMeta(`,:?&=`)

	IsValidRegex              = regexp.MustCompile("^[/" + alphaNumericChars + regexEnabledChars + "]*$")
	SizeRegex                 = regexp.MustCompile(`^(?i)\d+[bkmg]?$`)
	URLIsValidRegex           = regexp.MustCompile("^[" + alphaNumericChars + urlEnabledChars + "]*$")
	BasicCharsRegex           = regexp.MustCompile("^[/" + alphaNumericChars + "]*$")
	ExtendedCharsRegex        = regexp.MustCompile("^[/" + extendedAlphaNumeric + "]*$")
	CharsWithSpace            = regexp.MustCompile("^[/" + alphaNumericChars + " ]*$")
	NGINXVariable             = regexp.MustCompile(`^[A-Za-z0-9\-\_\$\{\}]*$`)
	RegexPathWithCapture      = regexp.MustCompile(`^/?[` + alphaNumericChars + `\/\$]*$`)
	HeadersVariable           = regexp.MustCompile(`^[A-Za-z0-9-_, ]*$`)
	URLWithNginxVariableRegex = regexp.MustCompile("^[" + extendedAlphaNumeric + urlEnabledChars + "$]*$")
	MaliciousRegex            = regexp.MustCompile(`\r|\n`)
)

// The annotation parsers' own expressions (file: line at dbb11b92).
var (
	authTypeRegex              = regexp.MustCompile(`basic|digest`)                                                                                                             // auth/main.go:45
	authSecretTypeRegex        = regexp.MustCompile(`auth-file|auth-map`)                                                                                                       // auth/main.go:46
	regexValidSSLCipher        = regexp.MustCompile(`^(?:(?:[A-Za-z0-9!:+\-_])*(?:@STRENGTH)*(?:@SECLEVEL=[0-5])*(?:@STRENGTH)*)*$`)                                            // sslcipher/main.go:36
	affinityCookieExpiresRegex = regexp.MustCompile(`(^0|-?[1-9]\d*$)`)                                                                                                         // sessionaffinity/main.go:154
	regexValidIndexAndKey      = regexp.MustCompile(`^[A-Za-z0-9.\-\_]+$`)                                                                                                      // fastcgi/main.go:40
	regexOperationName         = regexp.MustCompile(`^[A-Za-z0-9_\-]*$`)                                                                                                        // opentelemetry/main.go:35
	proxySSLOnOffRegex         = regexp.MustCompile(`^(on|off)$`)                                                                                                               // proxyssl/main.go:42
	proxySSLProtocolRegex      = regexp.MustCompile(`^(TLSv1\.2|TLSv1\.3| )*$`)                                                                                                 // proxyssl/main.go:43
	proxySSLCiphersRegex       = regexp.MustCompile(`^[A-Za-z0-9\+:\_\-!]*$`)                                                                                                   // proxyssl/main.go:44
	hashByRegex                = regexp.MustCompilePOSIX(`^[A-Za-z0-9\-` + regexp.QuoteMeta("_${}") + `]*$`)                                                                    // upstreamhashby/main.go:36-37
	arrayOfHTTPErrors          = regexp.MustCompile(`^(?:[4,5]\d{2},?)*$`)                                                                                                      // customhttperrors/main.go:36
	methodsRegex               = regexp.MustCompile("^(GET|HEAD|POST|PUT|PATCH|DELETE|CONNECT|OPTIONS|TRACE)$")                                                                 // authreq/main.go:255
	authVerifyClientRegex      = regexp.MustCompile(`^(on|off|optional|optional_no_ca)$`)                                                                                       // authtls/main.go:44
	redirectRegex              = regexp.MustCompile(`^(@[A-Za-z0-9_-]+|((https?://)?[A-Za-z0-9\-.]+(:\d+)?)?(/[A-Za-z0-9\-_.]+)*/?)$`)                                          // authtls/main.go:45
	validConnectionHeaderValue = regexp.MustCompile(`^(close|keep-alive)$`)                                                                                                     // connection/main.go:32
	OnOffRegex                 = regexp.MustCompile(`^(on|off)$`)                                                                                                               // mirror/main.go:37
	corsOriginRegexValidator   = regexp.MustCompile(`^((((([a-z]+://)?(\*\.)?[A-Za-z0-9\-.]*(:\d+)?,?)|null)+)|\*)?$`)                                                          // cors/main.go:46
	corsMethodsRegex           = regexp.MustCompile(`^([A-Za-z]+,?\s?)+$`)                                                                                                      // cors/main.go:51
	corsExposeHeadersRegex     = regexp.MustCompile(`^(([A-Za-z0-9\-\_]+|\*),?\s?)+$`)                                                                                          // cors/main.go:54
	validUpstreamAnnotation    = regexp.MustCompile(`^((error|timeout|invalid_header|http_500|http_502|http_503|http_504|http_403|http_404|http_429|non_idempotent|off)\s?)+$`) // proxy/main.go:51
	cookieDomainChars          = `\-\.\_\~a-zA-Z0-9\/:`                                                                                                                         // proxy/main.go:50
	cookieDomainRegex          = regexp.MustCompile(`^(off|[` + cookieDomainChars + `]+\s+[` + cookieDomainChars + `]+)$`)                                                      // proxy/main.go:52
	// k8s.io/apimachinery validation.IsDNS1035Label: dns1035LabelFmt, at most 63 characters
	dns1035Label = regexp.MustCompile(`^[a-z]([-a-z0-9]*[a-z0-9])?$`)
)

type validator func(string) error

// parser.ValidateRegex, validators.go L111-125
func validateRegex(re *regexp.Regexp, removeSpace bool) validator {
	return func(s string) error {
		if removeSpace {
			s = strings.ReplaceAll(s, " ", "")
		}
		if !re.MatchString(s) {
			return fmt.Errorf("invalid")
		}
		if MaliciousRegex.MatchString(s) {
			return fmt.Errorf("malicious")
		}
		return nil
	}
}

// parser.ValidateOptions, validators.go L143-158
func validateOptions(options []string, caseSensitive, trimSpace bool) validator {
	return func(s string) error {
		if trimSpace {
			s = strings.TrimSpace(s)
		}
		if !caseSensitive {
			s = strings.ToLower(s)
		}
		for _, o := range options {
			if s == o {
				return nil
			}
		}
		return fmt.Errorf("no option")
	}
}

func validateServerName(value string) error { // validators.go L100-106
	if !IsValidRegex.MatchString(strings.TrimSpace(value)) {
		return fmt.Errorf("invalid server name")
	}
	return nil
}

func validateArrayOfServerName(value string) error { // validators.go L89-96
	for _, fqdn := range strings.Split(value, ",") {
		if err := validateServerName(fqdn); err != nil {
			return err
		}
	}
	return nil
}

func validateBool(value string) error { _, err := strconv.ParseBool(value); return err }
func validateInt(value string) error  { _, err := strconv.Atoi(value); return err }
func validateNull(string) error       { return nil }

func validateServiceName(value string) error {
	if len(value) > 63 || !dns1035Label.MatchString(value) {
		return fmt.Errorf("not a DNS-1035 label")
	}
	return nil
}

// goCompile is regexp.Compile as of Go 1.22+, which also reads (?<name>.
// Go 1.25's looser \p{...} names (case and '_' ignored, long category
// names such as Letter) are not emulated on an older Go: the edge values
// avoid them (tests/test_rules.c checks them on the tool's side).
func goCompile(s string) error {
	if _, err := regexp.Compile(s); err == nil {
		return nil
	} else if strings.Contains(s, "(?<") {
		if _, err2 := regexp.Compile(strings.ReplaceAll(s, "(?<", "(?P<")); err2 == nil {
			return nil
		}
		return err
	} else {
		return err
	}
}

func commonNameValidator(s string) error { // validators.go L129-139
	if !strings.HasPrefix(s, "CN=") {
		return fmt.Errorf("no CN=")
	}
	return goCompile(s[3:])
}

// dtoi, net/parse.go
func dtoi(s string) (n int, i int, ok bool) {
	for i = 0; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		n = n*10 + int(s[i]-'0')
		if n >= 0xFFFFFF {
			return 0xFFFFFF, i, false
		}
	}
	if i == 0 {
		return 0, 0, false
	}
	return n, i, true
}

// net.ParseCIDR of Go 1.22+ (net/ip.go): netip.ParseAddr, no zone, dtoi.
func parseCIDR(s string) bool {
	addr, mask, found := strings.Cut(s, "/")
	if !found {
		return false
	}
	ip, err := netip.ParseAddr(addr)
	if err != nil || ip.Zone() != "" {
		return false
	}
	n, i, ok := dtoi(mask)
	return ok && i == len(mask) && n >= 0 && n <= ip.BitLen()
}

// net.ParseIP of Go 1.22+: netip.ParseAddr without zone.
func parseIP(s string) bool {
	ip, err := netip.ParseAddr(s)
	return err == nil && ip.Zone() == ""
}

// internal/net/ipnet.go ParseCIDRs / ParseIPNets
func validateCIDRs(value string) error {
	if value == "" {
		return nil
	}
	for _, spec := range strings.Split(value, ",") {
		spec = strings.TrimSpace(spec)
		if !parseCIDR(spec) && !parseIP(spec) {
			return fmt.Errorf("invalid CIDR %q", spec)
		}
	}
	return nil
}

// Annotation name -> validator, from each parser's parser.Annotation table.
var validators = map[string]validator{
	"server-alias":                             validateArrayOfServerName,
	"auth-secret":                              validateRegex(BasicCharsRegex, true),
	"auth-secret-type":                         validateRegex(authSecretTypeRegex, true),
	"auth-realm":                               validateRegex(CharsWithSpace, false),
	"auth-type":                                validateRegex(authTypeRegex, true),
	"auth-url":                                 validateRegex(URLWithNginxVariableRegex, true),
	"auth-method":                              validateRegex(methodsRegex, true),
	"auth-signin":                              validateRegex(URLWithNginxVariableRegex, true),
	"auth-signin-redirect-param":               validateRegex(URLIsValidRegex, true),
	"auth-snippet":                             validateNull,
	"auth-cache-key":                           validateRegex(NGINXVariable, true),
	"auth-keepalive":                           validateInt,
	"auth-keepalive-share-vars":                validateBool,
	"auth-keepalive-requests":                  validateInt,
	"auth-keepalive-timeout":                   validateInt,
	"auth-cache-duration":                      validateRegex(ExtendedCharsRegex, false),
	"auth-response-headers":                    validateRegex(HeadersVariable, true),
	"auth-proxy-set-headers":                   validateRegex(BasicCharsRegex, true),
	"auth-request-redirect":                    validateRegex(URLIsValidRegex, true),
	"auth-always-set-cookie":                   validateBool,
	"enable-global-auth":                       validateBool,
	"auth-tls-secret":                          validateRegex(BasicCharsRegex, true),
	"auth-tls-verify-client":                   validateRegex(authVerifyClientRegex, true),
	"auth-tls-verify-depth":                    validateInt,
	"auth-tls-error-page":                      validateRegex(redirectRegex, true),
	"auth-tls-pass-certificate-to-upstream":    validateBool,
	"auth-tls-match-cn":                        commonNameValidator,
	"backend-protocol":                         validateOptions([]string{"auto_http", "http", "https", "grpc", "grpcs", "fcgi"}, false, true),
	"canary":                                   validateBool,
	"canary-weight":                            validateInt,
	"canary-weight-total":                      validateInt,
	"canary-by-header":                         validateRegex(BasicCharsRegex, true),
	"canary-by-header-value":                   validateRegex(BasicCharsRegex, true),
	"canary-by-header-pattern":                 validateRegex(IsValidRegex, false),
	"canary-by-cookie":                         validateRegex(BasicCharsRegex, true),
	"client-body-buffer-size":                  validateRegex(SizeRegex, true),
	"connection-proxy-header":                  validateRegex(validConnectionHeaderValue, true),
	"enable-cors":                              validateBool,
	"cors-allow-origin":                        validateRegex(corsOriginRegexValidator, true),
	"cors-allow-headers":                       validateRegex(HeadersVariable, true),
	"cors-allow-methods":                       validateRegex(corsMethodsRegex, true),
	"cors-allow-credentials":                   validateBool,
	"cors-expose-headers":                      validateRegex(corsExposeHeadersRegex, true),
	"cors-max-age":                             validateInt,
	"custom-headers":                           validateRegex(BasicCharsRegex, true),
	"custom-http-errors":                       validateRegex(arrayOfHTTPErrors, true),
	"default-backend":                          validateServiceName,
	"disable-proxy-intercept-errors":           validateBool,
	"fastcgi-index":                            validateRegex(regexValidIndexAndKey, true),
	"fastcgi-params-configmap":                 validateRegex(BasicCharsRegex, true),
	"http2-push-preload":                       validateBool,
	"allowlist-source-range":                   validateCIDRs,
	"whitelist-source-range":                   validateCIDRs, // alias of allowlist-source-range
	"denylist-source-range":                    validateCIDRs,
	"load-balance":                             validateOptions([]string{"round_robin", "chash", "chashsubset", "sticky_balanced", "sticky_persistent", "ewma"}, true, true),
	"enable-access-log":                        validateBool,
	"enable-rewrite-log":                       validateBool,
	"mirror-request-body":                      validateRegex(OnOffRegex, true),
	"mirror-target":                            validateServerName,
	"mirror-host":                              validateServerName,
	"enable-modsecurity":                       validateBool,
	"enable-owasp-core-rules":                  validateBool,
	"modsecurity-transaction-id":               validateRegex(NGINXVariable, true),
	"modsecurity-snippet":                      validateNull,
	"enable-opentelemetry":                     validateBool,
	"opentelemetry-trust-incoming-span":        validateBool,
	"opentelemetry-operation-name":             validateRegex(regexOperationName, true),
	"use-port-in-redirects":                    validateBool,
	"proxy-connect-timeout":                    validateInt,
	"proxy-send-timeout":                       validateInt,
	"proxy-read-timeout":                       validateInt,
	"proxy-buffers-number":                     validateInt,
	"proxy-buffer-size":                        validateRegex(SizeRegex, true),
	"proxy-busy-buffers-size":                  validateRegex(SizeRegex, true),
	"proxy-cookie-path":                        validateRegex(URLIsValidRegex, true),
	"proxy-cookie-domain":                      validateRegex(cookieDomainRegex, false),
	"proxy-body-size":                          validateRegex(SizeRegex, true),
	"proxy-next-upstream":                      validateRegex(validUpstreamAnnotation, false),
	"proxy-next-upstream-timeout":              validateInt,
	"proxy-next-upstream-tries":                validateInt,
	"proxy-request-buffering":                  validateOptions([]string{"on", "off"}, true, true),
	"proxy-redirect-from":                      validateRegex(URLIsValidRegex, true),
	"proxy-redirect-to":                        validateRegex(URLIsValidRegex, true),
	"proxy-buffering":                          validateOptions([]string{"on", "off"}, true, true),
	"proxy-http-version":                       validateOptions([]string{"1.0", "1.1"}, true, true),
	"proxy-max-temp-file-size":                 validateRegex(SizeRegex, true),
	"proxy-ssl-secret":                         validateRegex(BasicCharsRegex, true),
	"proxy-ssl-ciphers":                        validateRegex(proxySSLCiphersRegex, true),
	"proxy-ssl-protocols":                      validateRegex(proxySSLProtocolRegex, true),
	"proxy-ssl-name":                           validateServerName,
	"proxy-ssl-verify":                         validateRegex(proxySSLOnOffRegex, true),
	"proxy-ssl-verify-depth":                   validateInt,
	"proxy-ssl-server-name":                    validateRegex(proxySSLOnOffRegex, true),
	"limit-rate":                               validateInt,
	"limit-rate-after":                         validateInt,
	"limit-rpm":                                validateInt,
	"limit-rps":                                validateInt,
	"limit-connections":                        validateInt,
	"limit-burst-multiplier":                   validateInt,
	"limit-allowlist":                          validateCIDRs,
	"limit-whitelist":                          validateCIDRs, // alias of limit-allowlist
	"from-to-www-redirect":                     validateBool,
	"temporal-redirect":                        validateRegex(URLIsValidRegex, false),
	"temporal-redirect-code":                   validateInt,
	"permanent-redirect":                       validateRegex(URLIsValidRegex, false),
	"permanent-redirect-code":                  validateInt,
	"relative-redirects":                       validateBool,
	"rewrite-target":                           validateRegex(RegexPathWithCapture, false),
	"ssl-redirect":                             validateBool,
	"preserve-trailing-slash":                  validateBool,
	"force-ssl-redirect":                       validateBool,
	"use-regex":                                validateBool,
	"app-root":                                 validateRegex(RegexPathWithCapture, false),
	"satisfy":                                  validateOptions([]string{"any", "all"}, true, true),
	"server-snippet":                           validateNull,
	"service-upstream":                         validateBool,
	"affinity":                                 validateOptions([]string{"cookie"}, true, true),
	"affinity-mode":                            validateOptions([]string{"balanced", "persistent"}, true, true),
	"affinity-canary-behavior":                 validateOptions([]string{"sticky", "legacy"}, true, true),
	"session-cookie-name":                      validateRegex(BasicCharsRegex, true),
	"session-cookie-secure":                    validateBool,
	"session-cookie-expires":                   validateRegex(affinityCookieExpiresRegex, true),
	"session-cookie-max-age":                   validateRegex(affinityCookieExpiresRegex, false),
	"session-cookie-path":                      validateRegex(URLIsValidRegex, true),
	"session-cookie-domain":                    validateRegex(BasicCharsRegex, true),
	"session-cookie-samesite":                  validateOptions([]string{"none", "lax", "strict"}, false, true),
	"session-cookie-conditional-samesite-none": validateBool,
	"session-cookie-change-on-failure":         validateBool,
	"configuration-snippet":                    validateNull,
	"ssl-prefer-server-ciphers":                validateBool,
	"ssl-ciphers":                              validateRegex(regexValidSSLCipher, true),
	"ssl-passthrough":                          validateBool,
	"stream-snippet":                           validateNull,
	"upstream-hash-by":                         validateRegex(hashByRegex, true),
	"upstream-hash-by-subset":                  validateBool,
	"upstream-hash-by-subset-size":             validateInt,
	"upstream-vhost":                           validateServerName,
	"x-forwarded-prefix":                       validateRegex(RegexPathWithCapture, true),
}

// Edge values: each base alone and decorated.
var edgeBases = []string{
	"0", "1", "5", "+5", "-5", "007", "-0", "+", "-", "1_000", "0x10", " 5", "5 ",
	"9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
	"00000000000000000000009223372036854775807", "99999999999999999999",
	"true", "True", "TRUE", "t", "T", "yes", "on", "off", "On", "OFF", "optional_no_ca",
	"10.0.0.0/8", "10.0.0.0/08", "10.0.0.0/0000000008", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1",
	"1.2.3.4", "1.2.3.04", "01.2.3.4", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4/32", "1.2.3.4/+8",
	"::", "::1", "::/0", "2001:db8::/32", "2001:db8::/129", "::ffff:1.2.3.4", "::ffff:1.2.3.4/128",
	"::ffff:1.2.3.04", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:1.2.3.4", "1::2::3",
	"00001::/64", "12345::", "fe80::1%eth0", "fe80::1%eth0/64", "1.2.3.4/16,10.0.0.0/8", "1.2.3.4,",
	",1.2.3.4", "1.2.3.4 , 5.6.7.8", "1.2.3.4,,5.6.7.8", "[::1]", "::1/064",
	"CN=", "CN=a", "CN=(", "CN=*", "CN=a{2,1}", "CN=a{1000}", "CN=a{1001}", "CN=a{0,1000}",
	"CN=(a{100}){10}", "CN=(a{100}){11}", "CN=(?:a{2}){501}", "CN=a{2}{2}", "CN=a**", "CN=a*?", "CN=a*??",
	"CN=a*+", "CN=a++", "CN=\\1", "CN=(a)\\1", "CN=\\12", "CN=\\0", "CN=\\8", "CN=(?=a)", "CN=(?!a)",
	"CN=(?<=a)b", "CN=(?>a)", "CN=(?<n>a)", "CN=(?P<n>a)", "CN=(?P<>a)", "CN=(?P=n)", "CN=(?'n'a)",
	"CN=(?i)a", "CN=(?i:a)", "CN=(?-i)a", "CN=(?i-)a", "CN=(?-)a", "CN=(?x)a", "CN=(?U)a*", "CN=(?s).",
	"CN=(?m)^a$", "CN=(?#c)a", "CN=\\pL", "CN=\\p{Greek}", "CN=\\p{^Greek}", "CN=\\PL", "CN=\\p{Foo}",
	"CN=\\pX", "CN=[[:alpha:]]", "CN=[[:foo:]]", "CN=[[:^alpha:]]", "CN=[a-\\d]", "CN=[\\d-z]", "CN=[z-a]",
	"CN=[]a]", "CN=[]", "CN=[^]", "CN=[a", "CN=a]", "CN=a)", "CN=(a", "CN=()", "CN=(|)", "CN=|*",
	"CN=a|*", "CN=^*", "CN=$+", "CN=\\b*", "CN=\\A", "CN=\\z", "CN=\\Z", "CN=\\C", "CN=\\Qa.b\\E+",
	"CN=\\Qa.b", "CN=\\x{10FFFF}", "CN=\\x{110000}", "CN=\\x41", "CN=\\x4", "CN=\\x{}", "CN=\\q",
	"CN=\\_", "CN=\\-", "CN=\\", "CN=a{,5}", "CN={2}", "CN=a{01}", "CN=x{2}y", "CN=\\e", "CN=\\cA",
	"CN=(?:" + strings.Repeat("a", 3300) + "){1000}", "CN=(?:" + strings.Repeat("a", 3400) + "){1000}",
	"CN=(" + strings.Repeat("a", 3300) + "){1000}", "CN=(?:" + strings.Repeat("ab|", 1200) + "c){1000}",
	"CN=" + strings.Repeat("(", 999) + strings.Repeat(")", 999), "CN=" + strings.Repeat("(", 1001) + strings.Repeat(")", 1001),
	"CN=" + strings.Repeat("(?:", 1001) + strings.Repeat(")", 1001), "CN=(?:(?:a{10}){10}){10}", "CN=(?:(?:a{10}){10}){11}",
	"CN=(?:a{0}){1000}", "CN=(?:a{0,}){1000}", "CN=(?:a*){1000}{2}",
	"CN=((?:" + strings.Repeat("a", 3400) + "){1000})", "CN=x|(?:" + strings.Repeat("a", 3400) + "){1000}",
	"CN=(?:(?:" + strings.Repeat("a", 3400) + "){1000})", "CN=(?:" + strings.Repeat("a", 3400) + "){1000}|x",
	"CN=" + strings.Repeat("a{1000}", 3400), "CN=" + strings.Repeat("(?:a{1000})", 3300),
	"CN=" + strings.Repeat("(a)", 1000), "CN=" + strings.Repeat("a*", 998),
	"CN=\\d+\\.example\\.com", "CN=[\\b]", "CN=\\N{U+41}", "CN=(?i)*", "CN=a(?i)*", "CN=a*(?i)*",
	"basic", "digest", "auth-map", "x-basic-y", "cookie", "balanced", "persistent", "sticky",
	"none", "lax", "strict", "STRICT", "Lax", "str\u0130ct", "\u017ftrict", "http", "https", "HTTPS",
	"grpc", "fcgi", "fcg\u0130", "http\u017f", "auto_http", "1.0", "1.1", "any", "all",
	"www.example.com", "*.example.com", "~^www\\d+\\.example\\.com$", "a,b", "a, b", "a,,b", ",a", "a,",
	"https://test.env.com$request_uri", "http://[::1]:8080/", "svc.ns.svc.cluster.local.",
	"/path", "/$1/x", "foo bar", "foo\tbar", "a=b&c", "100k", "100K", "1g", "10 m", "0s",
	"HIGH:!aNULL:!MD5", "ECDHE-RSA-AES128-GCM-SHA256:@STRENGTH", "@SECLEVEL=1", "@SECLEVEL=9",
	"TLSv1.2 TLSv1.3", "error timeout", "http_502 http_503", "404,500", "4xx", "x-header-name",
	"off", "a.com b.com", "example.com", "http://x.com:80", "@named", "default-backend", "Svc", "-svc",
	strings.Repeat("a", 63), strings.Repeat("a", 64), "null", "*", "https://*.a.com:80,http://b.com",
	"$http_x_user", "${var}", "GET", "get",
}

// The decorations: white space Go trims and PCRE's \s does not, CR/LF.
// Values are valid UTF-8: Kubernetes stores annotations as JSON strings
// and the tool's YAML reader refuses anything else.
var decorations = []struct{ pre, post string }{
	{"", ""}, {"", "\n"}, {"", "\r"}, {"\n", ""}, {"", "\r\n"}, {" ", " "}, {"\t", "\t"}, {"\v", "\f"},
	{"\u00a0", ""}, {"", "\u00a0"}, {"\u0085", "\u0085"}, {"\u2000", "\u3000"}, {"\u2028", "\u205f"},
	{"\u200b", ""}, {"\ufeff", ""}, {"\u1680", "\u202f"},
}

func readValues(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for i, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		v, err := strconv.Unquote(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, i+1, err)
		}
		out = append(out, v)
	}
	return out, nil
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: validators_diff VALIDATE-VALUES SOURCE-ROOT")
		os.Exit(2)
	}
	tool, root := os.Args[1], os.Args[2]
	harvested, err := readValues(filepath.Join(root, "testdata", "validators", "controller-test-values.txt"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	seen := map[string]bool{}
	var values []string
	add := func(v string) {
		if !seen[v] && !strings.Contains(v, "\x00") { // annotation values never hold NUL here
			seen[v] = true
			values = append(values, v)
		}
	}
	for _, v := range harvested {
		add(v)
	}
	nHarvested := len(values)
	for _, b := range append(edgeBases, harvested...) {
		for i, d := range decorations {
			if i > 0 && len(b) > 500 { // the long regexp limits cases: as they are
				break
			}
			add(d.pre + b + d.post)
		}
	}

	// every current and alias annotation of the catalogue has a validator here
	names := []string{}
	cat, err := os.ReadFile(filepath.Join(root, "testdata", "annotation-names.txt"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	for _, line := range strings.Split(string(cat), "\n") {
		f := strings.Fields(line)
		if len(f) == 2 && (f[1] == "current" || f[1] == "alias") {
			if validators[f[0]] == nil {
				fmt.Fprintf(os.Stderr, "no Go validator for '%s'\n", f[0])
				os.Exit(1)
			}
			names = append(names, f[0])
		}
	}
	sort.Strings(names)

	var in bytes.Buffer
	for _, n := range names {
		for _, v := range values {
			fmt.Fprintf(&in, "%s\t%s\n", n, hex.EncodeToString([]byte(v)))
		}
	}
	cmd := exec.Command(tool)
	cmd.Stdin = &in
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", tool, err)
		os.Exit(2)
	}
	verdicts := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(verdicts) != len(names)*len(values) {
		fmt.Fprintf(os.Stderr, "%d verdicts for %d queries\n", len(verdicts), len(names)*len(values))
		os.Exit(2)
	}
	bad := 0
	k := 0
	for _, n := range names {
		for _, v := range values {
			want := "1"
			if v != "" && validators[n](v) != nil { // checkAnnotation skips empty values
				want = "0"
			}
			if verdicts[k] != want {
				bad++
				if bad <= 50 {
					q := strconv.Quote(v)
					if len(q) > 120 {
						q = fmt.Sprintf("%s... (%d bytes)", q[:100], len(v))
					}
					fmt.Printf("disagreement: %s %s: ingress-nginx %s, ingress2higress %s\n",
						n, q, want, verdicts[k])
				}
			}
			k++
		}
	}
	fmt.Printf("%d annotations x %d values (%d from the controller's tests) = %d verdicts compared, %d disagreements\n",
		len(names), len(values), nHarvested, k, bad)
	if bad > 0 {
		os.Exit(1)
	}
}
