#!/bin/sh
# check-completions.sh BINARY COMPLETIONS_DIR - the shell completions
# (TAP): the built files are what 'BINARY --completions SHELL' writes; each
# parses (bash -n, zsh -n, fish -n; zsh and fish skipped when absent);
# every option of each command's --help is in each; bash (and fish, when
# installed) complete commands, options, argument words, files and rule
# names; zsh's too (an interactive zsh on a pseudo-terminal, zsh/zpty);
# usage errors of --completions.
bin=$1 dir=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; fail=1; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }

echo "1..35"
file_of() {
	case $1 in
	bash) echo "$dir/ingress2higress" ;;
	zsh) echo "$dir/_ingress2higress" ;;
	fish) echo "$dir/ingress2higress.fish" ;;
	esac
}
for sh in bash zsh fish; do
	"$bin" --completions "$sh" >"$tmp/$sh" 2>"$tmp/err"
	check "--completions $sh exits 0, nothing on stderr" "[ $? = 0 ] && [ ! -s '$tmp/err' ]"
	check "the built $sh completion is what --completions writes" "cmp -s '$tmp/$sh' '$(file_of "$sh")'"
	if command -v "$sh" >/dev/null 2>&1; then
		check "$sh -n parses it" "$sh -n '$tmp/$sh'"
	else
		skip "$sh -n parses it" "$sh not installed"
	fi
done

# Every option each command's --help lists (and the aliases) is in every
# script.
missing=
for cmd in convert lint checks rules; do
	for opt in $("$bin" "$cmd" --help | sed -n 's/^  \(-., \)\{0,1\}--\([a-z-]*\).*/\2/p') format; do
		grep -q -- "--$opt\\b" "$tmp/bash" || missing="$missing bash:$cmd:--$opt"
		grep -q -- "--$opt\\b" "$tmp/zsh" || missing="$missing zsh:$cmd:--$opt"
		grep -q -- "-l $opt\\b" "$tmp/fish" || missing="$missing fish:$cmd:--$opt"
	done
done
check "every option of every command's --help is in every script" "[ -z '$missing' ]"
[ -z "$missing" ] || echo "# missing:$missing"

# bash: run the completion function as bash would.
mkdir "$tmp/files" && touch "$tmp/files/app.yaml" "$tmp/files/apps.yml"
cat >"$tmp/t.bash" <<'SH'
source "$1"
cd "$2"
shift 2
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
_ingress2higress
[ ${#COMPREPLY[@]} = 0 ] || printf '%s\n' "${COMPREPLY[@]}"
SH
comp() { bash "$tmp/t.bash" "$tmp/bash" "$tmp/files" ingress2higress "$@" 2>&1 | tr '\n' ' '; }
check "bash: commands" "[ \"\$(comp '')\" = 'convert lint checks rules --help --version --completions ' ]"
check "bash: an option of lint" "[ \"\$(comp lint --fa)\" = '--fail-on ' ]"
check "bash: no option of convert for lint" "[ -z \"\$(comp lint --in-pl)\" ]"
check "bash: an option of convert" "[ \"\$(comp convert --in-pl)\" = '--in-place ' ]"
check "bash: --fail-on levels" "[ \"\$(comp lint --fail-on '')\" = 'critical error warning info never ' ]"
check "bash: --to targets" "[ \"\$(comp convert --to '')\" = 'ingress gateway ' ]"
# every report format it offers is one lint takes, text and json among them
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' >"$tmp/cm.yaml"
formats=$(comp lint --report-format '') bad=
for f in $formats; do
	"$bin" lint --report-format "$f" --report /dev/null "$tmp/cm.yaml" >/dev/null 2>&1 || bad="$bad $f"
done
check "bash: --report-format names, each one lint takes" \
	"case ' $formats' in *' text json '*) [ -z '$bad' ] ;; *) false ;; esac"
check "bash: rules --format (alias) names" "[ \"\$(comp rules --format j)\" = 'json ' ]"
check "bash: files for a path" "[ \"\$(comp lint ap)\" = 'app.yaml apps.yml ' ]"
check "bash: files for --rules" "[ \"\$(comp convert --rules app.)\" = 'app.yaml ' ]"
check "bash: nothing for a free-text argument" "[ -z \"\$(comp convert --target-class '')\" ]"
check "bash: rule names for rules" "[ \"\$(comp rules auth-ur)\" = 'auth-url ' ]"
check "bash: shells for --completions" "[ \"\$(comp --completions '')\" = 'bash zsh fish ' ]"

# fish: its own completion engine over the script.
if command -v fish >/dev/null 2>&1; then
	fcomp() { (cd "$tmp/files" && fish -N -c "source '$tmp/fish'; complete -C '$*'" 2>&1 | cut -f1 | tr '\n' ' '); }
	check "fish: an option of lint" "[ \"\$(fcomp ingress2higress lint --fa)\" = '--fail-on ' ]"
	check "fish: --to targets" "[ \"\$(fcomp ingress2higress convert --to '')\" = 'gateway ingress ' ]"
	check "fish: files for a path" "[ \"\$(fcomp ingress2higress lint ap)\" = 'app.yaml apps.yml ' ]"
	check "fish: rule names for rules" "[ \"\$(fcomp ingress2higress rules auth-ur)\" = 'auth-url ' ]"
else
	for t in "an option of lint" "--to targets" "files for a path" "rule names for rules"; do
		skip "fish: $t" "fish not installed"
	done
fi

# zsh: an interactive shell on a pseudo-terminal (zsh/zpty) with the
# script in its fpath; each case types a word and TAB and waits for the
# rest of the word zle inserts. A completion that does not come is a
# timeout (20 s for all), and fails the cases not done by then.
zcases='lint --fail-on cr|itical
convert --to g|ateway
lint --rules app.y|aml
rules proxy-next-upstream-t|ries
lint --for|mat'
if command -v zsh >/dev/null 2>&1 && zsh -fc 'zmodload zsh/zpty' 2>/dev/null; then
	mkdir "$tmp/fpath" && cp "$tmp/zsh" "$tmp/fpath/_ingress2higress"
	cat >"$tmp/t.zsh" <<'ZSH'
zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z "PS1='> '; fpath=($1 \$fpath); autoload -Uz compinit; compinit -u -D; cd $2; print RE''ADY"
zpty -r z out '*READY*'
while IFS='|' read -r typed rest; do
	zpty -w -n z "ingress2higress $typed"$'\t'
	zpty -r z out "*$rest*" && print -r -- "done: $typed"
	zpty -w -n z $'\x15'
done
zpty -d z
ZSH
	printf '%s\n' "$zcases" | timeout 20 zsh -f "$tmp/t.zsh" "$tmp/fpath" "$tmp/files" >"$tmp/zout" 2>&1
	printf '%s\n' "$zcases" | while IFS='|' read -r typed rest; do
		grep -qxF "done: $typed" "$tmp/zout" && echo "pass $typed" || echo "fail $typed"
	done >"$tmp/zres"
	while read -r res typed; do
		if [ "$res" = pass ]; then ok "zsh: '$typed' completes"; else nok "zsh: '$typed' completes"; fi
	done <"$tmp/zres"
else
	printf '%s\n' "$zcases" | while IFS='|' read -r typed rest; do echo "$typed"; done >"$tmp/zres"
	while read -r typed; do skip "zsh: '$typed' completes" "zsh or zsh/zpty not installed"; done <"$tmp/zres"
fi

"$bin" --completions >"$tmp/out" 2>"$tmp/err"
check "--completions without a shell is a usage error" "[ $? = 2 ] && [ ! -s '$tmp/out' ] && grep -q 'needs a shell' '$tmp/err'"
"$bin" --completions tcsh >"$tmp/out" 2>"$tmp/err"
check "an unknown shell is a usage error naming the shells" "[ $? = 2 ] && [ ! -s '$tmp/out' ] && grep -q \"unknown shell 'tcsh' (bash, zsh or fish)\" '$tmp/err'"
"$bin" --completions=zsh >"$tmp/out"
check "--completions=SHELL works too" "cmp -s '$tmp/out' '$tmp/zsh'"
exit $fail
