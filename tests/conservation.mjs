// conservation.mjs REPORT.json PATH... - independent check of the report's
// conservation law: every annotation under the prefix on every Ingress of
// class 'nginx' gets exactly one finding of its own (findings on its value
// beside it are not counted), and nothing else gets one.
// Parses the inputs with the npm 'yaml' package (not with our reader);
// run with NODE_PATH pointing at a node_modules that has it.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(path.join(process.env.NODE_PATH || '.', 'x.js'));
const YAML = require('yaml');
const prefix = 'nginx.ingress.kubernetes.io/';
const [reportPath, ...roots] = process.argv.slice(2);

function files(p) {
	if (fs.statSync(p).isDirectory())
		return fs.readdirSync(p).filter(n => !n.startsWith('.')).sort()
			.flatMap(n => files(path.join(p, n)));
	return /\.(ya?ml|json)$/.test(p) ? [p] : [];
}

function objects(doc) {
	if (doc && Array.isArray(doc.items) && doc.items.some(i => i && i.kind))
		return doc.items;
	return [doc];
}

const expected = new Map();
for (const file of roots.flatMap(files)) {
	let docs;
	try {
		docs = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d => d.toJS());
	} catch (e) {
		continue;	// malformed inputs are the reader's business, not this check's
	}
	for (const o of docs.flatMap(objects)) {
		if (!o || o.kind !== 'Ingress' || !/^(networking\.k8s\.io\/v1(beta1)?|extensions\/v1beta1)$/.test(o.apiVersion))
			continue;
		const ann = (o.metadata && o.metadata.annotations) || {};
		const cls = ann['kubernetes.io/ingress.class'] ?? (o.spec && o.spec.ingressClassName);
		if (cls !== 'nginx')
			continue;
		for (const k of Object.keys(ann))
			if (k.startsWith(prefix)) {
				const id = `${file}|${o.metadata.name}|${k}`;
				expected.set(id, (expected.get(id) || 0) + 1);
			}
	}
}

// Findings on a value beside the annotation's own: YAML typing and the
// CVE injection shapes (src/analyze.c value_checks).
function beside(rule) {
	return rule === 'invalid-annotations' || rule.startsWith('cve-');
}

const report = JSON.parse(fs.readFileSync(reportPath, 'utf8'));
const got = new Map();
for (const f of report.findings)
	if (f.annotation && f.annotation.startsWith(prefix) && f.rule !== 'dormant-annotation' && !beside(f.rule)) {
		const id = `${f.file}|${f.object.name}|${f.annotation}`;
		got.set(id, (got.get(id) || 0) + 1);
	}

let bad = 0;
for (const [id, n] of expected)
	if (got.get(id) !== n) { bad++; console.log(`missing or duplicated: ${id} (expected ${n}, got ${got.get(id) || 0})`); }
for (const [id] of got)
	if (!expected.has(id)) { bad++; console.log(`finding for no annotation: ${id}`); }
const total = [...expected.values()].reduce((a, b) => a + b, 0);
console.log(`conservation: ${total} annotations, ${report.summary.annotations} in the summary, ${bad} problems`);
process.exit(bad || total !== report.summary.annotations ? 1 : 0);
