// Validates rendered Kubernetes manifests (a JSON array of objects on stdin) against the Kubernetes
// OpenAPI schemas shipped by the npm package kubernetes-models (generated validators, one per
// apiVersion/kind), then, because those validators accept unknown fields, walks each object against
// the package's type declarations and reports every field the API does not define (a typo such as
// "replicass" or "readinesProbe" would otherwise be dropped silently by the API server... or refused).
//
//   node validate.mjs < manifests.json      -> prints "N objects valid" or the problems, exit 1
import { readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const pkgRoot = path.dirname(require.resolve("kubernetes-models/package.json"));
const machineryRoot = path.dirname(require.resolve("@kubernetes-models/apimachinery/package.json"));

function modelDir(apiVersion) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  return group ? path.join(pkgRoot, group, version) : path.join(pkgRoot, version);
}

// ---- strict field check from the .d.ts declarations
const declCache = new Map();
function declaration(file) {
  if (declCache.has(file)) return declCache.get(file);
  let decl = null;
  if (existsSync(file)) {
    const text = readFileSync(file, "utf8");
    const imports = new Map();
    for (const m of text.matchAll(/import \{ ([^}]+) \} from "([^"]+)";/g)) {
      for (const name of m[1].split(",").map((s) => s.trim())) imports.set(name, m[2]);
    }
    const body = text.match(/export interface I\w+(?: extends [\w, ]+)? \{([\s\S]*?)\n\}/);
    if (body) {
      const props = new Map();
      for (const p of body[1].matchAll(/^ {4}"([^"]+)"\??: ((?:Array<)?\{[\s\S]*?\n {4}\}>?|[^\n]+?);$/gm)) {
        props.set(p[1], p[2].replace(/\s+/g, " "));
      }
      decl = { props, imports, dir: path.dirname(file) };
    }
  }
  declCache.set(file, decl);
  return decl;
}

function resolveImport(spec, fromDir) {
  if (spec.startsWith(".")) return path.resolve(fromDir, spec.replace(/\.js$/, ".d.ts"));
  if (spec.startsWith("@kubernetes-models/apimachinery/")) {
    return path.join(machineryRoot, spec.slice("@kubernetes-models/apimachinery/".length) + ".d.ts");
  }
  return null;
}

function checkFields(value, decl, where, problems) {
  if (!decl || value === null || typeof value !== "object" || Array.isArray(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (!decl.props.has(key)) {
      problems.push(`${where}.${key}: unknown field`);
      continue;
    }
    checkType(child, decl.props.get(key), decl, `${where}.${key}`, problems);
  }
}

function checkType(value, type, decl, where, problems) {
  let m;
  if ((m = type.match(/^Array<(\w+)>$/))) {
    if (Array.isArray(value)) value.forEach((v, i) => checkType(v, m[1], decl, `${where}[${i}]`, problems));
  } else if ((m = type.match(/^\{\s*\[key: string\]: (\w+);?\s*\}$/))) {
    if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) checkType(v, m[1], decl, `${where}.${k}`, problems);
    }
  } else if (/^I\w+$/.test(type) && decl.imports.has(type)) {
    const file = resolveImport(decl.imports.get(type), decl.dir);
    if (file) checkFields(value, declaration(file), where, problems);
  }
}

// ---- main
const objects = JSON.parse(readFileSync(0, "utf8"));
const problems = [];
for (const obj of objects) {
  const where = `${obj.kind}/${obj.metadata?.name}`;
  const dir = modelDir(obj.apiVersion || "");
  const file = path.join(dir, `${obj.kind}.js`);
  if (!existsSync(file)) {
    problems.push(`${where}: no schema for apiVersion ${obj.apiVersion} kind ${obj.kind}`);
    continue;
  }
  const mod = await import(file);
  const Model = mod[obj.kind];
  try {
    new Model(obj).validate();
  } catch (e) {
    problems.push(`${where}: ${e.message}`);
  }
  checkFields(obj, declaration(path.join(dir, `${obj.kind}.d.ts`)), where, problems);
}
for (const p of problems) console.log(`FAIL ${p}`);
console.log(`${objects.length} objects checked against the Kubernetes schemas, ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
