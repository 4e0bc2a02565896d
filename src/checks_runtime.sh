usage() {
	cat <<'EOF'
usage: sh checks.sh [-n] [--junit] OLD NEW

Send each check's request to the old gateway (OLD) and the new one (NEW)
with curl --resolve (the real Host and SNI, no DNS change) and compare
the status, the Location (host-relative) and the selected headers.
ADDR is IP[:HTTP_PORT[:HTTPS_PORT]] (default ports 80 and 443; IP is an
IPv4 address or a name).

  -n, --dry-run   print the curl commands, send nothing (CHECK_DRY_RUN=1)
  --junit         JUnit XML on standard output (CHECK_FORMAT=junit)

environment: CHECK_MAX_TIME (seconds per request), CHECK_BASIC_AUTH
(user:pass for the authenticated requests; never written anywhere),
CHECK_BACKEND_HEADER (a response header naming the backend, compared on
canary requests), CHECK_FORMAT (text or junit), CHECK_DRY_RUN.
exit status: 0 the gateways agree, 1 a difference, 2 a request failed
or a usage error.
EOF
}

i2h_dry=${CHECK_DRY_RUN:-0}
i2h_format=${CHECK_FORMAT:-text}
i2h_max=${CHECK_MAX_TIME:-$i2h_max_default}
while [ $# -gt 0 ]; do
	case $1 in
	-n|--dry-run) i2h_dry=1; shift ;;
	--junit) i2h_format=junit; shift ;;
	-h|--help) usage; exit 0 ;;
	--) shift; break ;;
	-*) echo "checks.sh: error: unknown option '$1'" >&2; usage >&2; exit 2 ;;
	*) break ;;
	esac
done
if [ $# -ne 2 ]; then
	echo "checks.sh: error: give the two gateways: OLD NEW" >&2
	usage >&2
	exit 2
fi
case $i2h_format in text|junit) ;; *) echo "checks.sh: error: CHECK_FORMAT is text or junit" >&2; exit 2 ;; esac
case $i2h_max in ''|*[!0-9]*|0) echo "checks.sh: error: CHECK_MAX_TIME is a whole number of seconds" >&2; exit 2 ;; esac
case ${CHECK_BACKEND_HEADER:-} in *[!A-Za-z0-9-]*) echo "checks.sh: error: CHECK_BACKEND_HEADER is a header name" >&2; exit 2 ;; esac

# i2h_addr SIDE ADDR: set i2h_SIDE_ip, i2h_SIDE_http, i2h_SIDE_https
i2h_addr() {
	_ip=${2%%:*}
	_rest=${2#"$_ip"}
	_rest=${_rest#:}
	_hp=${_rest%%:*}
	_sp=${_rest#"$_hp"}
	_sp=${_sp#:}
	case $_ip in ''|*[!A-Za-z0-9.-]*) echo "checks.sh: error: '$2' is not IP[:HTTP_PORT[:HTTPS_PORT]]" >&2; exit 2 ;; esac
	case ${_hp:-80}/${_sp:-443} in *[!0-9/]*|*/*/*) echo "checks.sh: error: '$2' is not IP[:HTTP_PORT[:HTTPS_PORT]]" >&2; exit 2 ;; esac
	eval "i2h_${1}_ip=\$_ip i2h_${1}_http=\${_hp:-80} i2h_${1}_https=\${_sp:-443}"
}
i2h_addr old "$1"
i2h_addr new "$2"
if [ "$i2h_dry" != 1 ] && ! command -v curl >/dev/null 2>&1; then
	echo "checks.sh: error: curl is needed" >&2
	exit 2
fi
i2h_tmp=$(mktemp -d "${TMPDIR:-/tmp}/i2h-checks.XXXXXX") || exit 2
trap 'rm -rf "$i2h_tmp"' EXIT
trap 'rm -rf "$i2h_tmp"; exit 2' HUP INT TERM
: >"$i2h_tmp/cases"
i2h_pass=0 i2h_fail=0 i2h_err=0 i2h_nskip=0
i2h_ct=5
[ "$i2h_max" -lt 5 ] && i2h_ct=$i2h_max

# i2h_q WORD: WORD single-quoted for the shell
i2h_q() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# i2h_xml TEXT: TEXT escaped for an XML attribute
i2h_xml() {
	printf '%s' "$1" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' | tr -d '\000-\010\013\014\016-\037'
}

# i2h_case KIND POS ID MESSAGE: record a result (pass, fail, error, skip)
i2h_case() {
	case $1 in
	pass) i2h_pass=$((i2h_pass + 1)) ;;
	fail) i2h_fail=$((i2h_fail + 1)) ;;
	error) i2h_err=$((i2h_err + 1)) ;;
	skip) i2h_nskip=$((i2h_nskip + 1)) ;;
	esac
	if [ "$i2h_format" = junit ]; then
		printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" | tr -d '\r' >>"$i2h_tmp/cases"
	elif [ "$1" != pass ]; then
		case $1 in skip) _w='not checked: ' ;; error) _w='error: ' ;; *) _w= ;; esac
		printf '%s: %s: %s%s\n' "$2" "$3" "$_w" "$4"
	fi
}

# i2h_skip POS ID REASON: a check that cannot be made from outside
i2h_skip() {
	i2h_case skip "$1" "$2" "$3"
}

# i2h_header FILE NAME: the value of response header NAME in FILE
i2h_header() {
	tr -d '\r' <"$1" | awk -v n="$2" 'BEGIN { n = tolower(n) }
		{ i = index($0, ":"); if (i > 1 && tolower(substr($0, 1, i - 1)) == n) { v = substr($0, i + 1); sub(/^[ \t]+/, "", v); print v; exit } }'
}

# i2h_side SIDE SCHEME HOST PATH METHOD HEADERS [CURL-ARG...]: one request;
# sets _res (the summary compared) or returns 1 with _res the error
i2h_side() {
	_side=$1 _scheme=$2 _host=$3 _path=$4 _method=$5 _hdrs=$6
	shift 6
	eval "_ip=\$i2h_${_side}_ip _port=\$i2h_${_side}_$_scheme"
	case $_method in
	HEAD) set -- -I "$@" ;;
	OPTIONS) set -- -X OPTIONS "$@" ;;
	esac
	set -- -sS -k -o "$i2h_tmp/body" -D "$i2h_tmp/h" -w '%{http_code}' --proto '=http,https' --max-redirs 0 \
		--connect-timeout "$i2h_ct" --max-time "$i2h_max" --resolve "$_host:$_port:$_ip" \
		-H "Host: $_host" "$@" "$_scheme://$_host:$_port$_path"
	if [ "$i2h_dry" = 1 ]; then
		printf 'curl'
		for _a in "$@"; do
			[ -n "$CHECK_BASIC_AUTH_SET" ] && [ "$_a" = "$CHECK_BASIC_AUTH_SET" ] && _a='USER:PASS'
			printf ' %s' "$(i2h_q "$_a")"
		done
		printf '\n'
		_res=dry
		return 0
	fi
	: >"$i2h_tmp/h"
	if ! _code=$(curl "$@" 2>"$i2h_tmp/e"); then
		_res="$_side $_ip:$_port: $(head -n 1 "$i2h_tmp/e" | tr -d '\r')"
		return 1
	fi
	_res=$_code
	_loc=$(i2h_header "$i2h_tmp/h" location)
	case $_loc in
	http://"$_host":*|https://"$_host":*)
		_s=${_loc%%://*}
		_r=${_loc#*://"$_host":}
		_r=${_r#"${_r%%[!0-9]*}"}
		_loc="$_s://$_host$_r" ;;
	esac
	[ -n "$_loc" ] && _res="$_res $_loc"
	for _h in $_hdrs; do
		[ "$_h" = backend ] && _h=${CHECK_BACKEND_HEADER:-}
		[ -n "$_h" ] || continue
		_res="$_res [$_h: $(i2h_header "$i2h_tmp/h" "$_h")]"
	done
	return 0
}

# i2h_check POS ID EXPECT SCHEME HOST PATH METHOD HEADERS [CURL-ARG...]:
# the request to both gateways; EXPECT 'refuse' also wants 400, 401 or
# 403 from each, 'auth' is skipped without CHECK_BASIC_AUTH
i2h_check() {
	_pos=$1 _id=$2 _exp=$3
	shift 3
	if [ "$_exp" = auth ]; then
		if [ -z "${CHECK_BASIC_AUTH:-}" ]; then
			i2h_skip "$_pos" "$_id" "set CHECK_BASIC_AUTH=user:pass for the authenticated request"
			return
		fi
		CHECK_BASIC_AUTH_SET=$CHECK_BASIC_AUTH
		set -- "$@" -u "$CHECK_BASIC_AUTH"
	fi
	_bad=
	i2h_side old "$@" || _bad=$_res
	_old=$_res
	i2h_side new "$@" || _bad="${_bad:+$_bad; }$_res"
	_new=$_res
	CHECK_BASIC_AUTH_SET=
	if [ "$i2h_dry" = 1 ]; then
		return
	fi
	if [ -n "$_bad" ]; then
		i2h_case error "$_pos" "$_id" "$_bad"
	elif [ "$_old" != "$_new" ]; then
		i2h_case fail "$_pos" "$_id" "old $_old, new $_new"
	elif [ "$_exp" = refuse ] && case ${_old%% *} in 400|401|403) false ;; *) true ;; esac; then
		i2h_case fail "$_pos" "$_id" "not refused without credentials: old $_old, new $_new"
	else
		i2h_case pass "$_pos" "$_id" "$_old"
	fi
}
CHECK_BASIC_AUTH_SET=

# i2h_finish: the summary (or the JUnit document) and the exit status
i2h_finish() {
	if [ "$i2h_dry" = 1 ]; then
		exit 0
	fi
	if [ "$i2h_format" = junit ]; then
		printf '<?xml version="1.0" encoding="UTF-8"?>\n'
		printf '<testsuite name="ingress2higress-checks" tests="%d" failures="%d" errors="%d" skipped="%d">\n' \
			$((i2h_pass + i2h_fail + i2h_err + i2h_nskip)) "$i2h_fail" "$i2h_err" "$i2h_nskip"
		while IFS="$(printf '\t')" read -r _k _p _i _m; do
			printf '  <testcase classname="%s" name="%s"' "$(i2h_xml "$_p")" "$(i2h_xml "$_i")"
			case $_k in
			pass) printf '/>\n' ;;
			fail) printf '><failure message="%s"/></testcase>\n' "$(i2h_xml "$_m")" ;;
			error) printf '><error message="%s"/></testcase>\n' "$(i2h_xml "$_m")" ;;
			skip) printf '><skipped message="%s"/></testcase>\n' "$(i2h_xml "$_m")" ;;
			esac
		done <"$i2h_tmp/cases"
		printf '</testsuite>\n'
	fi
	echo "checks: $i2h_pass agree, $i2h_fail differ, $i2h_err failed, $i2h_nskip not checked" >&2
	[ "$i2h_err" -gt 0 ] && exit 2
	[ "$i2h_fail" -gt 0 ] && exit 1
	exit 0
}
