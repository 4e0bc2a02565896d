// regex_diff.go - differential test of ingress2higress's PCRE-to-RE2
// checker (src/regex_compat.c) against Go's regexp package, whose syntax
// is RE2's (the standard library only).
//
// Usage: go run regex_diff.go REGEX-VERDICTS SOURCE-ROOT [CORPUS-DIR...]
//
// The patterns: every value of a regex-bearing key ('path', and the
// annotations canary-by-header-pattern, server-alias, cors-allow-origin,
// auth-tls-match-cn) in the YAML files under SOURCE-ROOT/testdata and
// the CORPUS-DIRs, and generated ones (every construct alone, in groups,
// quantified, in classes, nested, and deterministic random combinations).
// REGEX-VERDICTS (tests/regex_verdicts.c) gives the tool's verdict per
// pattern; Go must compile every pattern called "ok" or "differs" and
// reject every one called "not-re2". Patterns nginx's PCRE rejects
// ("syntax") are counted, not compared. Any disagreement fails the test.
//
// Go 1.22 added '(?<name>' (RE2 has it too); on an older Go the pattern
// is compiled with '(?P<name>' instead, as RE2 reads both the same.
package main

import (
	"bufio"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
)

var keyLine = regexp.MustCompile(`^\s*(?:-\s+)?["']?(path|[a-z0-9./-]*/(?:canary-by-header-pattern|server-alias|cors-allow-origin|auth-tls-match-cn))["']?\s*:\s*(.+?)\s*$`)

// unquote strips YAML single or double quotes (simple escapes only).
func unquote(v string) string {
	if i := strings.Index(v, " #"); i >= 0 && v[0] != '"' && v[0] != '\'' {
		v = strings.TrimSpace(v[:i])
	}
	if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
		return strings.ReplaceAll(v[1:len(v)-1], "''", "'")
	}
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		return strings.NewReplacer(`\\`, `\`, `\"`, `"`).Replace(v[1 : len(v)-1])
	}
	return v
}

// harvest collects the regex-bearing values of the YAML files under dir.
func harvest(dir string, into map[string]bool) {
	_ = filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !(strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return nil
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			m := keyLine.FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			v := unquote(m[2])
			if v == "" || v == "|" || v == ">" || strings.ContainsAny(v, "\n\r") {
				continue
			}
			into[v] = true
			if strings.HasSuffix(m[1], "server-alias") || strings.HasSuffix(m[1], "cors-allow-origin") {
				for _, p := range strings.Split(v, ",") {
					p = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(p), "~"))
					if p != "" {
						into[p] = true
					}
				}
			}
		}
		return nil
	})
}

// The constructs of the generator: RE2 and PCRE alike, PCRE-only ones,
// and ones RE2 reads differently.
var atoms = []string{
	`a`, `.`, `/api`, `\d`, `\D`, `\s`, `\S`, `\w`, `\W`, `\b`, `\B`, `\A`, `\z`, `^`, `$`, `\.`, `\/`, `\-`,
	`\_`, `\n`, `\t`, `\r`, `\f`, `\a`, `\v`, `\x41`, `\x{41}`, `\x{10FFFF}`, `\x4`, `\x`, `\x{}`, `\x{110000}`,
	`\0`, `\012`, `\101`, `\1`, `\2`, `\9`, `\18`, `\g1`, `\g{1}`, `\k<n>`, `\k'n'`, `\k{n}`,
	`\Z`, `\G`, `\K`, `\C`, `\R`, `\X`, `\h`, `\H`, `\V`, `\N`, `\e`, `\cA`, `\o{101}`, `\E`, `\Qa.b\E`, `\Q(\E`,
	`\pL`, `\p{L}`, `\p{Lu}`, `\p{Greek}`, `\p{^Greek}`, `\PL`, `\p{Any}`, `\p{Xan}`, `\p{L&}`, `\p{greek}`,
	`[a-z]`, `[^/]`, `[]a]`, `[^]a]`, `[\d\s]`, `[\b]`, `[\1]`, `[\01]`, `[\v]`, `[\Qa\E]`, `[[:alpha:]]`,
	`[[:^digit:]]`, `[[:word:]]`, `[[:foo:]]`, `[[:<:]]`, `[\p{L}]`, `[\x41-\x5a]`, `[\w-]`, `[.*+?]`, `[(]`,
	`[\]]`, `[\\]`, `[\h]`, `[\e]`,
	`(?i)`, `(?i:a)`, `(?-i)`, `(?s)`, `(?m)`, `(?U)`, `(?is-m)`, `(?x)`, `(?x: a )`, `(?n)`, `(?J)`, `(?^)`,
	`(?-)`, `(?i-)`, `(?)`, `(?=a)`, `(?!a)`, `(?<=a)`, `(?<!a)`, `(?>a)`, `(?|a|b)`, `(?#note)`,
	`(?(1)a|b)`, `(?(?=a)a|b)`, `(?R)`, `(?1)`, `(?-1)`, `(?+1)`, `(?&n)`, `(?P>n)`, `(?P=n)`, `(?C)`, `(?C1)`,
	`(*UTF)`, `(*ACCEPT)`, `(?<n>a)`, `(?P<n>a)`, `(?'n'a)`, `()`, `(?:)`, `a{2}`, `a{1,3}`, `a{2,}`,
	`a{1000}`, `a{1001}`, `a{0,1001}`, `a{01}`, `a{,3}`, `a{x}`, `{`, `a{`, `}`, `a*?`, `a+?`, `a??`,
	`a{2}?`, `a*+`, `a++`, `a?+`, `a{2}+`, `a**`, `a{2}{3}`, `a*{2}`, `(a{40}){30}`, `(a{40}){20}`,
	`((a{10}){10}){11}`, `((a{10}){10}){10}`, `(a{0}){1001}`, `(a{1000}){0}`, `(?:a|b{600}){2}`,
	`\.`, `\*`, `\é`, `é`, `\Q`, `a|`, `|`,
}

var wraps = []string{`%s`, `(%s)`, `(?:%s)`, `%s*`, `%s+`, `%s?`, `%s{2}`, `%s{3,5}`, `x|%s`, `%s|x`,
	`^/p/%s(/|$)(.*)`, `(?i)%s`, `((((%s))))`, `(?:(?:(?:%s)*)+)?`, `[%s]`, `%s{1000}`}

func generate() []string {
	var out []string
	for _, a := range atoms {
		for _, w := range wraps {
			out = append(out, fmt.Sprintf(w, a))
		}
	}
	// deep nesting, near and past PCRE's limit of 250 parentheses
	for _, d := range []int{10, 249, 250, 251, 1000} {
		out = append(out, strings.Repeat("(", d)+"a"+strings.Repeat(")", d))
		out = append(out, strings.Repeat("(?:", d)+"a"+strings.Repeat(")", d)+"{2}")
	}
	r := rand.New(rand.NewSource(20261201))
	for i := 0; i < 4000; i++ {
		n := 1 + r.Intn(4)
		var b strings.Builder
		for j := 0; j < n; j++ {
			b.WriteString(fmt.Sprintf(wraps[r.Intn(len(wraps))], atoms[r.Intn(len(atoms))]))
		}
		out = append(out, b.String())
	}
	return out
}

var namedOpen = regexp.MustCompile(`\(\?<([A-Za-z_])`)

// goCompiles reports whether Go's regexp (as RE2 reads it) compiles p.
func goCompiles(p string) error {
	v := runtime.Version()
	if strings.HasPrefix(v, "go1.") {
		var minor int
		fmt.Sscanf(strings.TrimPrefix(v, "go1."), "%d", &minor)
		if minor < 22 {
			p = namedOpen.ReplaceAllString(p, `(?P<$1`)
		}
	}
	_, err := regexp.Compile(p)
	return err
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: regex_diff REGEX-VERDICTS SOURCE-ROOT [CORPUS-DIR...]")
		os.Exit(2)
	}
	set := map[string]bool{}
	harvest(filepath.Join(os.Args[2], "testdata"), set)
	for _, d := range os.Args[3:] {
		harvest(d, set)
	}
	harvested := len(set)
	for _, p := range generate() {
		set[p] = true
	}
	var pats []string
	for p := range set {
		if !strings.ContainsAny(p, "\n\r") {
			pats = append(pats, p)
		}
	}
	sort.Strings(pats)

	tmp, err := os.CreateTemp("", "regex-diff-*.txt")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriter(tmp)
	for _, p := range pats {
		w.WriteString(p + "\n")
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	tmp.Close()
	outb, err := exec.Command(os.Args[1], tmp.Name()).Output()
	if err != nil {
		fmt.Fprintln(os.Stderr, "regex-verdicts:", err)
		os.Exit(2)
	}
	lines := strings.Split(strings.TrimSuffix(string(outb), "\n"), "\n")
	if len(lines) != len(pats) {
		fmt.Fprintf(os.Stderr, "regex-verdicts gave %d verdicts for %d patterns\n", len(lines), len(pats))
		os.Exit(1)
	}
	count := map[string]int{}
	bad := 0
	for i, p := range pats {
		verdict, why, _ := strings.Cut(lines[i], "\t")
		count[verdict]++
		gerr := goCompiles(p)
		switch verdict {
		case "ok", "differs":
			if gerr != nil {
				bad++
				fmt.Printf("disagree: %q: tool says %s, Go rejects it: %v\n", p, verdict, gerr)
			}
		case "not-re2":
			if gerr == nil {
				bad++
				fmt.Printf("disagree: %q: tool says not-re2 (%s), Go compiles it\n", p, why)
			}
		case "syntax":
		default:
			bad++
			fmt.Printf("unknown verdict %q for %q\n", verdict, p)
		}
	}
	fmt.Printf("%d patterns (%d harvested from YAML): ok %d, differs %d, not-re2 %d, pcre-syntax %d; %d disagreements\n",
		len(pats), harvested, count["ok"], count["differs"], count["not-re2"], count["syntax"], bad)
	if bad > 0 {
		os.Exit(1)
	}
}
